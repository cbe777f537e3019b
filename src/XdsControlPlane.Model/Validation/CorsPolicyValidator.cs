using FluentValidation;
using XdsControlPlane.Model.Policies;

namespace XdsControlPlane.Model.Validation;

/// <summary>Validates <c>spec.cors</c>.</summary>
internal sealed class CorsPolicyValidator : AbstractValidator<CorsPolicy>
{
    public CorsPolicyValidator()
    {
        RuleFor(c => c.AllowOrigins).Must(o => o.Count > 0).WithMessage("must name at least one origin (or '*')").OverridePropertyName("allowOrigins");
        RuleForEach(c => c.AllowOrigins).Must(o => o == "*" || Syntax.IsHttpUri(o))
            .WithMessage((_, o) => $"'{o}' is neither '*' nor an http(s) origin").OverridePropertyName("allowOrigins");
        RuleForEach(c => c.AllowMethods).Must(Syntax.IsHeaderName).WithMessage((_, m) => $"'{m}' is not a valid method").OverridePropertyName("allowMethods");
        RuleForEach(c => c.AllowHeaders).Must(h => h == "*" || Syntax.IsHeaderName(h))
            .WithMessage((_, h) => $"'{h}' is not a valid header name").OverridePropertyName("allowHeaders");
        RuleForEach(c => c.ExposeHeaders).Must(h => h == "*" || Syntax.IsHeaderName(h))
            .WithMessage((_, h) => $"'{h}' is not a valid header name").OverridePropertyName("exposeHeaders");
        RuleFor(c => c.MaxAge).Positive("maxAge");
        RuleFor(c => c.AllowCredentials).Must((c, credentials) => !credentials || !c.AllowOrigins.Contains("*"))
            .WithMessage("cannot be true with allowOrigins '*' (browsers reject it)").OverridePropertyName("allowCredentials");
    }
}
