using FluentValidation;

namespace XdsControlPlane.Model.Validation;

/// <summary>Structural checks of a Gateway (listener names, ports, hostnames, TLS presence).</summary>
internal sealed class GatewayValidator : AbstractValidator<GatewayModel>
{
    public GatewayValidator()
    {
        RuleFor(g => g.ClassName).Required("spec.gatewayClassName");
        RuleFor(g => g.Listeners).Must(l => l.Count is >= 1 and <= 64)
            .WithMessage((_, l) => $"must hold between 1 and 64 listeners, got {l.Count}").OverridePropertyName("spec.listeners");
        RuleForEach(g => g.Listeners).Must((g, l) => g.Listeners.Count(o => o.Name == l.Name) == 1)
            .WithMessage((_, l) => $"listener name '{l.Name}' is used more than once").OverridePropertyName("spec.listeners");
        RuleForEach(g => g.Listeners).SetValidator(new GatewayListenerValidator()).OverridePropertyName("spec.listeners");
    }
}
