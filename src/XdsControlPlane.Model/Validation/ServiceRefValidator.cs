using FluentValidation;

namespace XdsControlPlane.Model.Validation;

/// <summary>Validates a Service reference that a policy calls out to (JWKS, external authorization).</summary>
internal sealed class ServiceRefValidator : AbstractValidator<BackendRef>
{
    public ServiceRefValidator()
    {
        RuleFor(b => b.Name).Required("name");
        RuleFor(b => b.Port).NotNull().WithMessage("is required").OverridePropertyName("port");
        RuleFor(b => b.Port).Port("port");
    }
}
