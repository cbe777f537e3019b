using FluentValidation;

namespace XdsControlPlane.Model.Validation;

/// <summary>Checks of a GatewayClass: a controllerName in the Gateway API form <c>domain/path</c>.</summary>
internal sealed class GatewayClassValidator : AbstractValidator<GatewayClassModel>
{
    public GatewayClassValidator()
    {
        RuleFor(c => c.ControllerName).Required("spec.controllerName").DependentRules(() =>
            RuleFor(c => c.ControllerName).Must(Syntax.IsControllerName)
                .WithMessage((_, name) => $"'{name}' is not a domain-prefixed path such as example.com/gateway-controller")
                .OverridePropertyName("spec.controllerName"));
    }
}
