using FluentValidation;

namespace XdsControlPlane.Model.Validation;

/// <summary>Structural checks of a ReferenceGrant (the limits and syntax the Gateway API CRD enforces).</summary>
internal sealed class ReferenceGrantValidator : AbstractValidator<ReferenceGrantModel>
{
    public ReferenceGrantValidator()
    {
        RuleFor(g => g.From).Must(f => f.Count is >= 1 and <= 16)
            .WithMessage((_, f) => $"must hold between 1 and 16 entries, got {f.Count}").OverridePropertyName("spec.from");
        RuleFor(g => g.To).Must(t => t.Count is >= 1 and <= 16)
            .WithMessage((_, t) => $"must hold between 1 and 16 entries, got {t.Count}").OverridePropertyName("spec.to");
        RuleForEach(g => g.From).SetValidator(new ReferenceGrantFromValidator()).OverridePropertyName("spec.from");
        RuleForEach(g => g.To).SetValidator(new ReferenceGrantToValidator()).OverridePropertyName("spec.to");
    }
}
