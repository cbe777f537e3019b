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

/// <summary>Validates one route rule.</summary>
internal sealed class RouteRuleValidator : AbstractValidator<RouteRule>
{
    private static readonly string[] _singletons = ["RequestHeaderModifier", "ResponseHeaderModifier", "RequestRedirect", "URLRewrite"];

    public RouteRuleValidator()
    {
        RuleFor(r => r.Name).Must(Syntax.IsSectionName).When(r => r.Name is not null)
            .WithMessage((_, n) => $"'{n}' is not a valid rule name (lowercase letters, digits and '-')").OverridePropertyName("name");
        RuleFor(r => r.Matches).AtMost(64, "matches");
        RuleForEach(r => r.Matches).SetValidator(new RouteMatchValidator()).OverridePropertyName("matches");
        RuleFor(r => r.Filters).AtMost(16, "filters");
        RuleForEach(r => r.Filters).Must((r, f) => !_singletons.Contains(f.Type) || r.Filters.Count(o => o.Type == f.Type) == 1)
            .WithMessage((_, f) => $"{f.Type} may appear only once per rule").OverridePropertyName("filters");
        RuleForEach(r => r.Filters).SetValidator(new RouteFilterValidator()).OverridePropertyName("filters");
        RuleFor(r => r.Backends).AtMost(16, "backendRefs");
        RuleForEach(r => r.Backends).SetValidator(new BackendRefValidator()).OverridePropertyName("backendRefs");
        RuleFor(r => r.RequestTimeout).Must(t => t is null || t >= TimeSpan.Zero).WithMessage("must not be negative").OverridePropertyName("timeouts.request");
        RuleFor(r => r.BackendRequestTimeout).Must(t => t is null || t >= TimeSpan.Zero).WithMessage("must not be negative").OverridePropertyName("timeouts.backendRequest");
        RuleFor(r => r.BackendRequestTimeout)
            .Must((r, b) => b is null || r.RequestTimeout is not { } request || request == TimeSpan.Zero || b <= request)
            .WithMessage("must not be longer than timeouts.request").OverridePropertyName("timeouts.backendRequest");
    }
}

/// <summary>Validates a parentRef.</summary>
internal sealed class ParentRefValidator : AbstractValidator<ParentRef>
{
    public ParentRefValidator()
    {
        RuleFor(p => p.Kind).OneOf("kind", "Gateway", "Service");
        RuleFor(p => p.Name).Required("name");
        RuleFor(p => p.SectionName).Must(Syntax.IsSectionName).When(p => p.SectionName is not null)
            .WithMessage((_, s) => $"'{s}' is not a valid section name").OverridePropertyName("sectionName");
        RuleFor(p => p.Port).Port("port");
    }
}

/// <summary>Validates a backendRef (also a mirror target).</summary>
internal sealed class BackendRefValidator : AbstractValidator<BackendRef>
{
    public BackendRefValidator()
    {
        RuleFor(b => b.Name).Required("name");
        RuleFor(b => b.Weight).Range("weight", 0, 1_000_000);
        RuleFor(b => b.Port).NotNull().When(b => b.Kind == "Service").WithMessage("is required for a Service backend").OverridePropertyName("port");
        RuleFor(b => b.Port).Port("port");
    }
}
