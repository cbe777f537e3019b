using FluentValidation;

namespace XdsControlPlane.Model.Validation;

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
