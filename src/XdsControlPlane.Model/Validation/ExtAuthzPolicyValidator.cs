using FluentValidation;
using XdsControlPlane.Model.Policies;

namespace XdsControlPlane.Model.Validation;

/// <summary>Validates <c>spec.extAuthz</c>.</summary>
internal sealed class ExtAuthzPolicyValidator : AbstractValidator<ExtAuthzPolicy>
{
    public ExtAuthzPolicyValidator()
    {
        RuleFor(e => e.Backend).SetValidator(new ServiceRefValidator()).OverridePropertyName("backendRef");
        RuleFor(e => e.Timeout).Positive("timeout");
    }
}
