using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace XdsControlPlane.Sources.Tests.Kubernetes.Api;

/// <summary>A cluster CA and certificates it signs, made per test run, as PEM for kubeconfigs.</summary>
public sealed class TestCertificates : IDisposable
{
    private readonly ECDsa _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TestCertificates()
    {
        var request = new CertificateRequest("CN=cluster-ca", _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    /// <summary>The cluster CA.</summary>
    public X509Certificate2 Ca { get; }

    /// <summary>The CA as base64 PEM, as <c>certificate-authority-data</c> holds it.</summary>
    public string CaData => Base64(Ca.ExportCertificatePem());

    /// <summary>
    /// A server certificate signed by the CA for 127.0.0.1, or only for <paramref name="dnsName"/> when given; for
    /// client authentication only (as a kubelet's client certificate is) when <paramref name="clientOnly"/>.
    /// </summary>
    public X509Certificate2 Server(string? dnsName = null, bool clientOnly = false)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=kubernetes", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        if (dnsName is null)
        {
            names.AddIpAddress(IPAddress.Loopback);
        }
        else
        {
            names.AddDnsName(dnsName);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(clientOnly ? "1.3.6.1.5.5.7.3.2" : "1.3.6.1.5.5.7.3.1")], false));
        using var signed = request.Create(Ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(12), RandomNumberGenerator.GetBytes(8));
        // Export and re-import so the key is usable by SslStream.
        return X509CertificateLoader.LoadPkcs12(signed.CopyWithPrivateKey(key).Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>A client certificate for <paramref name="user"/> signed by the CA, and its key, as PEM.</summary>
    public (string Certificate, string Key) Client(string user)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={user}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var signed = request.Create(Ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(12), RandomNumberGenerator.GetBytes(8));
        return (signed.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>Base64 of UTF-8 text, as the <c>*-data</c> fields of a kubeconfig hold PEM.</summary>
    public static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    /// <inheritdoc />
    public void Dispose()
    {
        Ca.Dispose();
        _caKey.Dispose();
    }
}
