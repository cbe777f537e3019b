using FluentValidation;
using XdsControlPlane.Model.Policies;

namespace XdsControlPlane.Model.Validation;

/// <summary>Validates <c>spec.tls</c>.</summary>
internal sealed class UpstreamTlsPolicyValidator : AbstractValidator<UpstreamTlsPolicy>
{
    public UpstreamTlsPolicyValidator()
    {
        RuleFor(t => t.Mode).OneOf("mode", "Simple", "Mutual");
        RuleFor(t => t.ClientCertificateSecret).NotNull().When(t => t.Mode == "Mutual")
            .WithMessage("is required for Mutual TLS").OverridePropertyName("clientCertificateSecretRef");
        RuleFor(t => t.ClientCertificateSecret).Null().When(t => t.Mode == "Simple")
            .WithMessage("applies only to Mutual TLS").OverridePropertyName("clientCertificateSecretRef");
        RuleFor(t => t.CaSecret!.Name).Required("caSecretRef.name").When(t => t.CaSecret is not null);
        RuleFor(t => t.ClientCertificateSecret!.Name).Required("clientCertificateSecretRef.name").When(t => t.ClientCertificateSecret is not null);
        RuleFor(t => t.Sni).Must(s => Syntax.IsHostname(s, allowWildcard: false)).When(t => t.Sni is not null)
            .WithMessage((_, s) => $"'{s}' is not a valid hostname").OverridePropertyName("sni");
        RuleForEach(t => t.SubjectAltNames).Must(s => !string.IsNullOrEmpty(s)).WithMessage("must not be empty").OverridePropertyName("subjectAltNames");
    }
}
