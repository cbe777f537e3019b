using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using k8s;

namespace XdsControlPlane.Sources.Kubernetes.Api;

/// <summary>
/// The API server's certificate check when a cluster CA is configured, as client-go does it: the chain must end at
/// that CA (and only there, not at the system's roots), the certificate must be for server authentication, and it
/// must be for the name the server is reached by. KubernetesClient 21.0.8's own check, once a CA is configured,
/// accepts a certificate signed by the CA for any name (so any certificate the cluster CA ever signed for a server
/// could stand in for the API server); this one replaces it. The TLS handshake itself stays the library's.
/// </summary>
internal static class ClusterTrust
{
    private static readonly Oid _serverAuthentication = new("1.3.6.1.5.5.7.3.1");

    /// <summary>Moves the cluster CA of <paramref name="config"/> (if any, and unless TLS checks are skipped) from the library's check to this one.</summary>
    public static void Apply(KubernetesClientConfiguration config)
    {
        if (config.SkipTlsVerify || config.SslCaCerts is not { Count: > 0 } authorities)
        {
            return;
        }

        // Without SslCaCerts the library leaves the handler's validation callback to whoever set it.
        config.SslCaCerts = null;
        var setup = config.FirstMessageHandlerSetup;
        config.FirstMessageHandlerSetup = handler =>
        {
            setup?.Invoke(handler);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => Validate(authorities, certificate, errors);
        };
    }

    /// <summary>Whether <paramref name="certificate"/> is a server certificate for the right name that chains to one of <paramref name="authorities"/>.</summary>
    public static bool Validate(X509Certificate2Collection authorities, X509Certificate? certificate, SslPolicyErrors errors)
    {
        // A name mismatch (or no certificate at all) is final; chain errors are judged below against the cluster CA.
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(_serverAuthentication);
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
