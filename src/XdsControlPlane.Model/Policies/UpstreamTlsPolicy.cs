namespace XdsControlPlane.Model.Policies;

/// <summary>TLS (or mutual TLS) from the proxy to the backend, certificates delivered by SDS.</summary>
/// <param name="Mode">Simple (verify the server) or Mutual (also present a client certificate).</param>
/// <param name="CaSecret">Secret whose <c>ca.crt</c> validates the backend.</param>
/// <param name="ClientCertificateSecret">For Mutual: the client certificate Secret.</param>
/// <param name="Sni">SNI to send.</param>
/// <param name="SubjectAltNames">Accepted backend SANs.</param>
public sealed record UpstreamTlsPolicy(string Mode, ObjectRef? CaSecret, ObjectRef? ClientCertificateSecret, string? Sni, EquatableArray<string> SubjectAltNames);
