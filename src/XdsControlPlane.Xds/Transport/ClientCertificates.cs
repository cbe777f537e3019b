using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace XdsControlPlane.Xds.Transport;

/// <summary>
/// Whether a certificate may act as an xDS client under mutual TLS: it chains to the client CA bundle, and its extended
/// key usage allows client authentication. A server certificate (serverAuth only) of the same CA is not a client's.
/// </summary>
internal static class ClientCertificates
{
    /// <summary>The clientAuth extended key usage (id-kp-clientAuth).</summary>
    public const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    /// <summary>
    /// Null when <paramref name="certificate"/> is an acceptable client certificate; otherwise the <c>reason</c> label of
    /// <see cref="XdsMetrics.ClientCertificateRejections"/> and a sentence saying why. A certificate without the extended
    /// key usage extension is unrestricted (RFC 5280 4.2.1.12, as Go, OpenSSL and Envoy read it); one that has it must
    /// list clientAuth, and so must every CA of its chain that restricts usage.
    /// </summary>
    public static (string Reason, string Detail)? Refusal(X509Certificate2? certificate, X509Certificate2Collection trusted, X509Certificate2Collection? presented)
    {
        if (certificate is null)
        {
            return ("missing", "the client presented no certificate");
        }

        if (certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault() is { } usage
            && !usage.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == ClientAuth))
        {
            var listed = string.Join(", ", usage.EnhancedKeyUsages.Cast<Oid>().Select(o => o.FriendlyName ?? o.Value));
            return ("usage", $"its extended key usage ({listed}) does not include clientAuth ({ClientAuth})");
        }

        if (!GrpcListener.ChainsTo(certificate, trusted, presented, ClientAuth))
        {
            return ("untrusted", "it does not chain to the client CA (--client-ca), is not valid now, or a CA of its chain does not allow clientAuth");
        }

        return null;
    }
}
