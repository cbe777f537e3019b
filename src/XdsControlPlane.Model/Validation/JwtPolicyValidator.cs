using FluentValidation;
using XdsControlPlane.Model.Policies;

namespace XdsControlPlane.Model.Validation;

/// <summary>Validates <c>spec.jwt</c>.</summary>
internal sealed class JwtPolicyValidator : AbstractValidator<JwtPolicy>
{
    public JwtPolicyValidator()
    {
        RuleFor(j => j.Providers).Must(p => p.Count > 0).WithMessage("must name at least one provider").OverridePropertyName("providers");
        RuleForEach(j => j.Providers).Must((j, p) => j.Providers.Count(o => o.Name == p.Name) == 1)
            .WithMessage((_, p) => $"provider name '{p.Name}' is used more than once").OverridePropertyName("providers");
        RuleForEach(j => j.Providers).SetValidator(new JwtProviderValidator()).OverridePropertyName("providers");
    }
}
