using FluentValidation;

namespace XdsControlPlane.Model.Validation;

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
