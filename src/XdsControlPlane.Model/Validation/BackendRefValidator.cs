using FluentValidation;

namespace XdsControlPlane.Model.Validation;

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
