using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace XdsControlPlane.Sources.Mapping;

/// <summary>
/// Checks the PEM material of a TLS Secret before anything is served from it: the certificate chain parses, the key is an
/// unencrypted RSA or ECDSA private key, the key belongs to the first certificate, and a CA bundle (if any) parses. An
/// Envoy given a key it cannot load rejects the whole listener; here only the Secret is left out. Messages never quote
/// the material.
/// </summary>
internal static class TlsMaterial
{
    /// <summary>The key of the certificate chain in a Secret's data.</summary>
    public const string Certificate = "tls.crt";

    /// <summary>The key of the private key in a Secret's data.</summary>
    public const string Key = "tls.key";

    /// <summary>The key of the CA bundle in a Secret's data.</summary>
    public const string Authority = "ca.crt";

    /// <summary>Every problem found, as (data key, message).</summary>
    public static IEnumerable<(string Which, string Message)> Check(string? chain, string? key, string? authority)
    {
        var chainProblem = chain is null ? null : CertificatesProblem(chain);
        if (chainProblem is not null)
        {
            yield return (Certificate, chainProblem);
        }

        var keyProblem = key is null ? null : KeyProblem(key);
        if (keyProblem is not null)
        {
            yield return (Key, keyProblem);
        }
        else if (chain is not null && key is not null && chainProblem is null && !Matches(chain, key))
        {
            yield return (Key, $"is not the private key of the first certificate in {Certificate}");
        }

        if (authority is not null && CertificatesProblem(authority) is { } authorityProblem)
        {
            yield return (Authority, authorityProblem);
        }
    }

    private static string? CertificatesProblem(string pem)
    {
        try
        {
            var certificates = new X509Certificate2Collection();
            certificates.ImportFromPem(pem);
            var count = certificates.Count;
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }

            return count == 0 ? "holds no PEM certificate (-----BEGIN CERTIFICATE-----)" : null;
        }
        catch (CryptographicException)
        {
            return "holds a PEM certificate that does not parse";
        }
    }

    private static string? KeyProblem(string pem)
    {
        if (!PemEncoding.TryFind(pem, out var fields))
        {
            return "is not a PEM private key (-----BEGIN PRIVATE KEY-----)";
        }

        var label = pem.AsSpan()[fields.Label];
        if (label.SequenceEqual("ENCRYPTED PRIVATE KEY"))
        {
            return "is an encrypted private key; Envoy needs it unencrypted";
        }

        using var rsa = RSA.Create();
        using var ecdsa = ECDsa.Create();
        return TryImport(rsa, pem) || TryImport(ecdsa, pem) ? null : "is not a PEM RSA or ECDSA private key that parses";
    }

    private static bool TryImport(AsymmetricAlgorithm algorithm, string pem)
    {
        try
        {
            algorithm.ImportFromPem(pem);
            return true;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            return false;
        }
    }

    private static bool Matches(string chain, string key)
    {
        try
        {
            using var certificate = X509Certificate2.CreateFromPem(chain, key);
            return certificate.HasPrivateKey;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            return false;
        }
    }
}
