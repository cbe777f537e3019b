using Envoy.Config.Core.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Envoy.Type.Matcher.V3;
using XdsControlPlane.Model;
using XdsControlPlane.Model.Policies;
using TlsSecret = Envoy.Extensions.TransportSockets.Tls.V3.Secret;

namespace XdsControlPlane.Compiler.Builders;

/// <summary>Builds SDS secrets and the TLS contexts that reference them.</summary>
internal static class Secrets
{
    /// <summary>A certificate and key, named <c>&lt;ns&gt;/&lt;name&gt;</c>.</summary>
    public static TlsSecret Secret(TlsSecretModel secret) => new()
    {
        Name = Names.Secret(secret.Ref),
        TlsCertificate = new TlsCertificate
        {
            CertificateChain = new DataSource { InlineString = secret.CertificateChain },
            PrivateKey = new DataSource { InlineString = secret.PrivateKey },
        },
    };

    /// <summary>A validation context from a Secret's CA bundle, named <c>&lt;ns&gt;/&lt;name&gt;/ca</c>.</summary>
    public static TlsSecret CaSecret(TlsSecretModel secret) => new()
    {
        Name = Names.CaSecret(secret.Ref),
        ValidationContext = new CertificateValidationContext { TrustedCa = new DataSource { InlineString = secret.CaBundle ?? "" } },
    };

    /// <summary>A reference to an SDS secret delivered over ADS.</summary>
    public static SdsSecretConfig SdsSecretConfig(string name) => new() { Name = name, SdsConfig = Protos.Ads() };

    /// <summary>Server TLS with the certificates of <paramref name="certificates"/>, by SDS.</summary>
    public static DownstreamTlsContext DownstreamTlsContext(IEnumerable<TlsSecretModel> certificates)
    {
        var context = new DownstreamTlsContext { CommonTlsContext = new CommonTlsContext() };
        context.CommonTlsContext.TlsCertificateSdsSecretConfigs.AddRange(certificates.Select(c => SdsSecretConfig(Names.Secret(c.Ref))));
        return context;
    }

    /// <summary>Client TLS to a backend: CA validation (with accepted SANs) and, for mutual TLS, a client certificate, all by SDS.</summary>
    public static UpstreamTlsContext UpstreamTlsContext(UpstreamTlsPolicy policy, TlsSecretModel? ca, TlsSecretModel? client)
    {
        var common = new CommonTlsContext();
        if (client is not null)
        {
            common.TlsCertificateSdsSecretConfigs.Add(SdsSecretConfig(Names.Secret(client.Ref)));
        }

        if (ca is not null && policy.SubjectAltNames.Count > 0)
        {
            var defaults = new CertificateValidationContext();
            defaults.MatchTypedSubjectAltNames.AddRange(policy.SubjectAltNames.Select(san => new SubjectAltNameMatcher
            {
                SanType = SubjectAltNameMatcher.Types.SanType.Dns,
                Matcher = new StringMatcher { Exact = san },
            }));
            common.CombinedValidationContext = new CommonTlsContext.Types.CombinedCertificateValidationContext
            {
                DefaultValidationContext = defaults,
                ValidationContextSdsSecretConfig = SdsSecretConfig(Names.CaSecret(ca.Ref)),
            };
        }
        else if (ca is not null)
        {
            common.ValidationContextSdsSecretConfig = SdsSecretConfig(Names.CaSecret(ca.Ref));
        }

        return new UpstreamTlsContext { CommonTlsContext = common, Sni = policy.Sni ?? "" };
    }
}
