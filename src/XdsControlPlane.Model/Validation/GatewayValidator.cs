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

/// <summary>Validates one Gateway listener.</summary>
internal sealed class GatewayListenerValidator : AbstractValidator<GatewayListener>
{
    public GatewayListenerValidator()
    {
        RuleFor(l => l.Name).Must(Syntax.IsSectionName).WithMessage((_, n) => $"'{n}' is not a valid listener name (lowercase letters, digits and '-')").OverridePropertyName("name");
        RuleFor(l => l.Hostname).Must(h => Syntax.IsHostname(h)).When(l => l.Hostname is not null)
            .WithMessage((_, h) => $"'{h}' is not a valid hostname").OverridePropertyName("hostname");
        RuleFor(l => l.Port).Range("port", 1, 65535);
        RuleFor(l => l.Protocol).Required("protocol");
        RuleFor(l => l.CertificateRefs).Must(c => c.Count > 0).When(l => l.Protocol == "HTTPS")
            .WithMessage("an HTTPS listener needs tls.certificateRefs").OverridePropertyName("tls.certificateRefs");
        RuleFor(l => l.CertificateRefs).Must(c => c.Count == 0).When(l => l.Protocol == "HTTP")
            .WithMessage("an HTTP listener takes no tls").OverridePropertyName("tls.certificateRefs");
        RuleFor(l => l.AllowedNamespaces).OneOf("allowedRoutes.namespaces.from", "Same", "All", "Selector");
        RuleFor(l => l.AllowedNamespaceLabels).Must(l => l.Count > 0).When(l => l.AllowedNamespaces == "Selector")
            .WithMessage("Selector needs selector.matchLabels").OverridePropertyName("allowedRoutes.namespaces.selector");
    }
}
