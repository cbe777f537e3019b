using FluentValidation;

namespace XdsControlPlane.Model.Validation;

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
