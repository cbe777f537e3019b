using FluentValidation;

namespace XdsControlPlane.Model.Validation;

/// <summary>
/// Structural checks of an HTTPRoute or GRPCRoute, mirroring the Gateway API CRD schema and CEL rules
/// (item counts, syntax, filter combinations). Whether backends exist or routes conflict is the compiler's business.
/// </summary>
internal sealed class HttpRouteValidator : AbstractValidator<HttpRouteModel>
{
    public HttpRouteValidator()
    {
        RuleFor(r => r.ParentRefs).AtMost(32, "spec.parentRefs");
        RuleForEach(r => r.ParentRefs).SetValidator(new ParentRefValidator()).OverridePropertyName("spec.parentRefs");
        RuleFor(r => r.Hostnames).AtMost(16, "spec.hostnames");
        RuleForEach(r => r.Hostnames).Must(h => Syntax.IsHostname(h))
            .WithMessage((_, h) => $"'{h}' is not a valid hostname (lowercase DNS name, optionally starting with '*.'; no IP addresses)")
            .OverridePropertyName("spec.hostnames");
        RuleFor(r => r.Rules).AtMost(16, "spec.rules");
        RuleForEach(r => r.Rules).Must((r, rule) => rule.Name is null || r.Rules.Count(o => o.Name == rule.Name) == 1)
            .WithMessage((_, rule) => $"rule name '{rule.Name}' is used more than once").OverridePropertyName("spec.rules");
        RuleForEach(r => r.Rules).Must(rule => !rule.Filters.Any(f => f.Type == "RequestRedirect") || !rule.Filters.Any(f => f.Type == "URLRewrite"))
            .WithMessage("cannot combine RequestRedirect and URLRewrite filters").OverridePropertyName("spec.rules");
        RuleForEach(r => r.Rules).Must(UsesPrefixMatchesForPrefixRewrite)
            .WithMessage("a ReplacePrefixMatch path modifier needs every match of the rule to be a PathPrefix match").OverridePropertyName("spec.rules");
        RuleForEach(r => r.Rules).SetValidator(new RouteRuleValidator()).OverridePropertyName("spec.rules");
    }

    private static bool UsesPrefixMatchesForPrefixRewrite(RouteRule rule)
    {
        var prefixRewrite = rule.Filters.Any(f => f.Redirect?.Path?.Type == "ReplacePrefixMatch" || f.Rewrite?.Path?.Type == "ReplacePrefixMatch");
        return !prefixRewrite || (rule.Matches.Count > 0 && rule.Matches.All(m => m.Path?.Type == "PathPrefix"));
    }
}
