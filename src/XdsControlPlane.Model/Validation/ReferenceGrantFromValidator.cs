using FluentValidation;

namespace XdsControlPlane.Model.Validation;

/// <summary>Validates one entry of a ReferenceGrant's <c>spec.from</c>.</summary>
internal sealed class ReferenceGrantFromValidator : AbstractValidator<ReferenceGrantFrom>
{
    public ReferenceGrantFromValidator()
    {
        RuleFor(f => f.Group).Group("group");
        RuleFor(f => f.Kind).Required("kind");
        RuleFor(f => f.Namespace).Must(Syntax.IsSectionName).WithMessage((_, n) => $"'{n}' is not a valid namespace name").OverridePropertyName("namespace");
    }
}
