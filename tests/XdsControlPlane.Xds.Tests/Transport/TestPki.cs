using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using XdsControlPlane.Testing;

namespace XdsControlPlane.Xds.Tests.Transport;

/// <summary>Certificates made on the spot for TLS tests: CAs, server and client certificates, PEM files.</summary>
internal static class TestPki
{
    private static readonly DateTimeOffset s_now = DateTimeOffset.UtcNow;

    /// <summary>A CA valid from a week ago to a week ahead; an intermediate when <paramref name="issuer"/> is given.</summary>
    public static X509Certificate2 CreateCa(string name, X509Certificate2? issuer = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        if (issuer is null)
        {
            return Reload(request.CreateSelfSigned(s_now.AddDays(-7), s_now.AddDays(7)));
        }

        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        using var issued = request.Create(issuer, s_now.AddDays(-6), s_now.AddDays(6), Serial());
        return Reload(issued.CopyWithPrivateKey(key));
    }

    /// <summary>A server certificate for 127.0.0.1 and localhost.</summary>
    public static X509Certificate2 IssueServer(X509Certificate2 ca)
    {
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        return IssueLeaf(ca, "127.0.0.1", "1.3.6.1.5.5.7.3.1", san.Build(), s_now.AddHours(-1), s_now.AddDays(1));
    }

    /// <summary>
    /// A client certificate whose URI SAN is <paramref name="spiffeId"/> (none when null); an expired one when
    /// <paramref name="expired"/> is set; <paramref name="usage"/> is its extended key usage (clientAuth by default,
    /// none at all when null).
    /// </summary>
    public static X509Certificate2 IssueClient(X509Certificate2 ca, string name, bool expired = false, string? spiffeId = null, string? usage = ClientAuth)
    {
        X509Extension? san = null;
        if (spiffeId is not null)
        {
            var builder = new SubjectAlternativeNameBuilder();
            builder.AddUri(new Uri(spiffeId));
            san = builder.Build();
        }

        return IssueLeaf(ca, name, usage, san,
            expired ? s_now.AddDays(-3) : s_now.AddHours(-1), expired ? s_now.AddDays(-1) : s_now.AddDays(1));
    }

    /// <summary>The clientAuth extended key usage.</summary>
    public const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    /// <summary>The serverAuth extended key usage.</summary>
    public const string ServerAuth = "1.3.6.1.5.5.7.3.1";

    /// <summary>A self-signed client certificate (no CA at all).</summary>
    public static X509Certificate2 SelfSignedClient(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        return Reload(request.CreateSelfSigned(s_now.AddHours(-1), s_now.AddDays(1)));
    }

    /// <summary>Writes the certificates (in order) as one PEM file in <paramref name="directory"/>.</summary>
    public static string WriteCertificates(string directory, string fileName, params X509Certificate2[] certificates)
    {
        var path = Path.Combine(directory, fileName);
        File.WriteAllText(path, string.Concat(certificates.Select(c => c.ExportCertificatePem() + "\n")));
        return path;
    }

    /// <summary>Writes the certificate's private key as a PKCS#8 PEM file in <paramref name="directory"/>.</summary>
    public static string WriteKey(string directory, string fileName, X509Certificate2 certificate)
    {
        var path = Path.Combine(directory, fileName);
        using var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("certificate has no EC private key");
        File.WriteAllText(path, key.ExportPkcs8PrivateKeyPem());
        return path;
    }

    private static X509Certificate2 IssueLeaf(X509Certificate2 ca, string name, string? usage, X509Extension? san, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        if (usage is not null)
        {
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        }

        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        if (san is not null)
        {
            request.CertificateExtensions.Add(san);
        }

        using var issued = request.Create(ca, notBefore, notAfter, Serial());
        return Reload(issued.CopyWithPrivateKey(key));
    }

    /// <summary>
    /// An HTTP/2 client that trusts only <paramref name="root"/> (and checks the server's name), optionally presenting a
    /// client certificate with its chain; <paramref name="seen"/> collects the server certificates it was shown.
    /// </summary>
    public static HttpClient HttpClient(X509Certificate2 root, List<X509Certificate2>? seen = null, X509Certificate2? clientCertificate = null,
        X509Certificate2[]? clientChain = null) =>
        GrpcTestCall.CreateClient(() => new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                {
                    if (certificate is not X509Certificate2 presented)
                    {
                        return false;
                    }

                    if (seen is not null)
                    {
                        lock (seen)
                        {
                            seen.Add(X509CertificateLoader.LoadCertificate(presented.RawData));
                        }
                    }

                    return TrustedBy(root, presented, chain, errors);
                },
                ClientCertificateContext = clientCertificate is null ? null
                    : SslStreamCertificateContext.Create(clientCertificate, [.. clientChain ?? []], offline: true),
            },
        });

    private static bool TrustedBy(X509Certificate2 root, X509Certificate2 certificate, X509Chain? presentedChain, SslPolicyErrors errors)
    {
        // The system store does not know the test CA, so chain errors are expected here and checked below; a name
        // mismatch or a missing certificate is not.
        if ((errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presentedChain is not null)
        {
            // The intermediates the server sent in the handshake.
            chain.ChainPolicy.ExtraStore.AddRange(presentedChain.ChainPolicy.ExtraStore);
        }

        return chain.Build(certificate);
    }

    /// <summary>A random positive serial number.</summary>
    private static byte[] Serial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        return serial;
    }

    /// <summary>Round-trips through PKCS#12 so the private key is usable by SslStream on every platform.</summary>
    private static X509Certificate2 Reload(X509Certificate2 certificate)
    {
        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        }
    }
}
