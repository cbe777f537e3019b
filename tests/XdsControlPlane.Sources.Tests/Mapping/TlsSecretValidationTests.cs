using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using XdsControlPlane.Model;

namespace XdsControlPlane.Sources.Tests.Mapping;

/// <summary>
/// A TLS Secret is served only with usable material (issue 10: a Secret whose key was not PEM was accepted and sent over
/// SDS, and Envoy rejected the listener). Errors name the Secret and the field; they never quote the material.
/// </summary>
public sealed class TlsSecretValidationTests
{
    private static readonly (string Certificate, string Key) _ec = SelfSigned(ECDsa.Create(ECCurve.NamedCurves.nistP256));
    private static readonly (string Certificate, string Key) _rsa = SelfSigned(RSA.Create(2048));

    [Test]
    public void EcdsaAndRsaPairs_AreAccepted()
    {
        foreach (var (certificate, key) in new[] { _ec, _rsa })
        {
            var mapped = Assets.Map(Secret(certificate, key, ca: certificate));

            Assert.That(mapped.Errors, Is.Empty, Assets.Describe(mapped.Errors));
            Assert.That(((TlsSecretModel)mapped.Value!).PrivateKey, Is.EqualTo(key));
        }
    }

    [Test]
    public void AKeyThatIsNotPem_IsAnErrorOnTlsKey_AndTheSecretIsNotServed()
    {
        var mapped = Assets.Map(Secret(_ec.Certificate, "SUPERSECRET-not-a-pem-key"));

        Assert.That(mapped.Value, Is.Null);
        Assert.That(mapped.Errors.Select(e => e.ToString()), Is.EqualTo(new[]
        {
            "Secret edge/tls: data[\"tls.key\"]: is not a PEM private key (-----BEGIN PRIVATE KEY-----) (inline.yaml:9)",
        }));
    }

    [Test]
    public void APemBlockThatIsNotAKey_IsAnError()
    {
        var garbled = "-----BEGIN PRIVATE KEY-----\nU1VQRVJTRUNSRVQ=\n-----END PRIVATE KEY-----\n";

        var mapped = Assets.Map(Secret(_ec.Certificate, garbled));

        Assert.That(mapped.Errors.Single().Message, Does.StartWith("is not a PEM RSA or ECDSA private key that parses"));
    }

    [Test]
    public void TheKeyOfAnotherCertificate_IsAnError()
    {
        var mapped = Assets.Map(Secret(_ec.Certificate, _rsa.Key));

        Assert.That(mapped.Errors.Select(e => (e.Field, e.Message)), Is.EqualTo(new[]
        {
            ("data[\"tls.key\"]", "is not the private key of the first certificate in tls.crt (inline.yaml:9)"),
        }));
    }

    [Test]
    public void AnEncryptedKey_IsAnError()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var encrypted = key.ExportEncryptedPkcs8PrivateKeyPem("password", new PbeParameters(PbeEncryptionAlgorithm.Aes128Cbc, HashAlgorithmName.SHA256, 1000));

        var mapped = Assets.Map(Secret(_ec.Certificate, encrypted));

        Assert.That(mapped.Errors.Single().Message, Does.StartWith("is an encrypted private key; Envoy needs it unencrypted"));
    }

    [Test]
    public void ACertificateOrCaBundleThatIsNotPem_IsAnErrorOnItsField()
    {
        var mapped = Assets.Map(Secret("SUPERSECRET-cert", _ec.Key, ca: "-----BEGIN CERTIFICATE-----\nU1VQRVJTRUNSRVQ=\n-----END CERTIFICATE-----\n"));

        Assert.That(mapped.Errors.Select(e => (e.Field, e.Message)), Is.EqualTo(new[]
        {
            ("data[\"tls.crt\"]", "holds no PEM certificate (-----BEGIN CERTIFICATE-----) (inline.yaml:8)"),
            ("data[\"ca.crt\"]", "holds a PEM certificate that does not parse (inline.yaml:10)"),
        }));
        Assert.That(string.Join("\n", mapped.Errors), Does.Not.Contain("SUPERSECRET").And.Not.Contain("U1VQRVJTRUNSRVQ"));
    }

    [Test]
    public void StringDataErrors_NameStringData()
    {
        var yaml = $"""
            apiVersion: v1
            kind: Secret
            metadata: {"{"}name: tls, namespace: edge{"}"}
            type: kubernetes.io/tls
            stringData:
              tls.crt: {Quoted(_ec.Certificate)}
              tls.key: not-a-key
            """;

        Assert.That(Assets.Map(yaml).Errors.Single().Field, Is.EqualTo("stringData[\"tls.key\"]"));
    }

    private static string Secret(string certificate, string key, string? ca = null) => $"""
        apiVersion: v1
        kind: Secret
        metadata:
          name: tls
          namespace: edge
        type: kubernetes.io/tls
        data:
          tls.crt: {Base64(certificate)}
          tls.key: {Base64(key)}
        {(ca is null ? "" : "  ca.crt: " + Base64(ca))}
        """;

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string Quoted(string text) => "\"" + text.Replace("\n", "\\n", StringComparison.Ordinal) + "\"";

    private static (string Certificate, string Key) SelfSigned(AsymmetricAlgorithm key)
    {
        using (key)
        {
            var request = key is RSA rsa
                ? new CertificateRequest("CN=test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                : new CertificateRequest("CN=test", (ECDsa)key, HashAlgorithmName.SHA256);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(10));
            return (certificate.ExportCertificatePem() + "\n", key.ExportPkcs8PrivateKeyPem() + "\n");
        }
    }
}
