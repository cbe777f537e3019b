using FluentValidation;

namespace XdsControlPlane.Model.Validation;

/// <summary>Validates one entry of a ReferenceGrant's <c>spec.to</c>.</summary>
internal sealed class ReferenceGrantToValidator : AbstractValidator<ReferenceGrantTo>
{
    public ReferenceGrantToValidator()
    {
        RuleFor(t => t.Group).Group("group");
        RuleFor(t => t.Kind).Required("kind");
        RuleFor(t => t.Name).Must(n => n!.Length is >= 1 and <= 253).When(t => t.Name is not null)
            .WithMessage("must not be empty when set (leave it out to allow every object of the kind)").OverridePropertyName("name");
    }
}
