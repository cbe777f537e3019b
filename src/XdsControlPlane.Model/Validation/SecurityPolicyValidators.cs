using FluentValidation;
using XdsControlPlane.Model.Policies;

namespace XdsControlPlane.Model.Validation;

/// <summary>Validates <c>spec.extAuthz</c>.</summary>
internal sealed class ExtAuthzPolicyValidator : AbstractValidator<ExtAuthzPolicy>
{
    public ExtAuthzPolicyValidator()
    {
        RuleFor(e => e.Backend).SetValidator(new ServiceRefValidator()).OverridePropertyName("backendRef");
        RuleFor(e => e.Timeout).Positive("timeout");
    }
}

/// <summary>Validates <c>spec.rbac</c>.</summary>
internal sealed class RbacPolicyValidator : AbstractValidator<RbacPolicy>
{
    public RbacPolicyValidator()
    {
        RuleFor(r => r.Action).OneOf("action", "Allow", "Deny");
        RuleFor(r => r.Rules).Must(r => r.Count > 0).WithMessage("must hold at least one rule").OverridePropertyName("rules");
        RuleForEach(r => r.Rules).Must(r => r.Principals.Count + r.Headers.Count + r.SourceCidrs.Count > 0)
            .WithMessage("must set principals, headers or sourceCIDRs (an empty rule would match everything)").OverridePropertyName("rules");
        RuleForEach(r => r.Rules).SetValidator(new RbacRuleValidator()).OverridePropertyName("rules");
    }
}

/// <summary>Validates one RBAC rule.</summary>
internal sealed class RbacRuleValidator : AbstractValidator<RbacRule>
{
    public RbacRuleValidator()
    {
        RuleForEach(r => r.Principals).Must(p => !string.IsNullOrEmpty(p)).WithMessage("must not be empty").OverridePropertyName("principals");
        RuleForEach(r => r.Headers).ChildRules(h =>
        {
            h.RuleFor(v => v.Name).HeaderName("name");
            h.RuleFor(v => v.Name).Required("name");
        }).OverridePropertyName("headers");
        RuleForEach(r => r.SourceCidrs).Must(Syntax.IsCidr)
            .WithMessage((_, c) => $"'{c}' is not an address range like 10.0.0.0/8 or 2001:db8::/32").OverridePropertyName("sourceCIDRs");
    }
}

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
