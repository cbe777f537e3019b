namespace XdsControlPlane.Model.Policies;

/// <summary>One JWT issuer.</summary>
/// <param name="Name">Provider name.</param>
/// <param name="Issuer">iss.</param>
/// <param name="Audiences">Accepted aud values.</param>
/// <param name="JwksInline">JWKS JSON, inline.</param>
/// <param name="JwksUri">JWKS URI, fetched through <see cref="JwksBackend"/>.</param>
/// <param name="JwksBackend">The Service serving the JWKS URI.</param>
/// <param name="ForwardPayloadHeader">Header receiving the verified payload.</param>
public sealed record JwtProvider(string Name, string Issuer, EquatableArray<string> Audiences, string? JwksInline, string? JwksUri, BackendRef? JwksBackend, string? ForwardPayloadHeader);
