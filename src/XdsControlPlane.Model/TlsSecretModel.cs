namespace XdsControlPlane.Model;

/// <summary>A <c>kubernetes.io/tls</c> Secret. <see cref="ToString"/> never prints the key.</summary>
/// <param name="Ref">Identity.</param>
/// <param name="CertificateChain">PEM certificate chain (<c>tls.crt</c>).</param>
/// <param name="PrivateKey">PEM private key (<c>tls.key</c>).</param>
/// <param name="CaBundle">Optional PEM CA bundle (<c>ca.crt</c>), for validating peers.</param>
public sealed record TlsSecretModel(ObjectRef Ref, string CertificateChain, string PrivateKey, string? CaBundle)
{
    /// <summary>Redacted: secrets never reach logs.</summary>
    public override string ToString() => $"TlsSecret {Ref} (certificate {CertificateChain.Length} chars, key redacted)";
}
