using FluentValidation;

namespace XdsControlPlane.Model.Validation;

/// <summary>Validates one route filter: its type, the member that type needs, and that member's fields.</summary>
internal sealed class RouteFilterValidator : AbstractValidator<RouteFilter>
{
    public RouteFilterValidator()
    {
        RuleFor(f => f.Type).OneOf("type", "RequestHeaderModifier", "ResponseHeaderModifier", "RequestRedirect", "URLRewrite", "RequestMirror");
        RuleFor(f => f.RequestHeaders).NotNull().When(f => f.Type == "RequestHeaderModifier").WithMessage("is required").OverridePropertyName("requestHeaderModifier");
        RuleFor(f => f.ResponseHeaders).NotNull().When(f => f.Type == "ResponseHeaderModifier").WithMessage("is required").OverridePropertyName("responseHeaderModifier");
        RuleFor(f => f.Redirect).NotNull().When(f => f.Type == "RequestRedirect").WithMessage("is required").OverridePropertyName("requestRedirect");
        RuleFor(f => f.Rewrite).NotNull().When(f => f.Type == "URLRewrite").WithMessage("is required").OverridePropertyName("urlRewrite");
        RuleFor(f => f.Mirror).NotNull().When(f => f.Type == "RequestMirror").WithMessage("is required").OverridePropertyName("requestMirror");
        RuleFor(f => f.RequestHeaders!).SetValidator(new HeaderModifierValidator()).OverridePropertyName("requestHeaderModifier");
        RuleFor(f => f.ResponseHeaders!).SetValidator(new HeaderModifierValidator()).OverridePropertyName("responseHeaderModifier");
        RuleFor(f => f.Redirect!).SetValidator(new RedirectFilterValidator()).OverridePropertyName("requestRedirect");
        RuleFor(f => f.Rewrite!).SetValidator(new RewriteFilterValidator()).OverridePropertyName("urlRewrite");
        RuleFor(f => f.Mirror!.Percent).Must(p => p is >= 0 and <= 100).When(f => f.Mirror is not null)
            .WithMessage((_, p) => $"must be a percentage between 0 and 100, got {p}").OverridePropertyName("requestMirror.percent");
        RuleFor(f => f.Mirror!.Backend).SetValidator(new BackendRefValidator()).When(f => f.Mirror is not null).OverridePropertyName("requestMirror.backendRef");
    }
}
