namespace XdsControlPlane.Model.Policies;

/// <summary>Local (per proxy) token-bucket rate limit.</summary>
/// <param name="Requests">Tokens added per period.</param>
/// <param name="Per">Period.</param>
/// <param name="Burst">Bucket size (default <see cref="Requests"/>).</param>
public sealed record RateLimitPolicy(int Requests, TimeSpan Per, int? Burst);

/// <summary>CORS.</summary>
/// <param name="AllowOrigins">Exact origins, or <c>*</c>.</param>
/// <param name="AllowMethods">Methods.</param>
/// <param name="AllowHeaders">Request headers.</param>
/// <param name="ExposeHeaders">Response headers exposed.</param>
/// <param name="MaxAge">Preflight cache.</param>
/// <param name="AllowCredentials">Allow credentials.</param>
public sealed record CorsPolicy(EquatableArray<string> AllowOrigins, EquatableArray<string> AllowMethods, EquatableArray<string> AllowHeaders,
    EquatableArray<string> ExposeHeaders, TimeSpan? MaxAge, bool AllowCredentials);

/// <summary>JWT authentication.</summary>
/// <param name="Providers">Accepted issuers.</param>
/// <param name="Required">Reject requests without a valid token (else only validate present ones).</param>
public sealed record JwtPolicy(EquatableArray<JwtProvider> Providers, bool Required);

/// <summary>One JWT issuer.</summary>
/// <param name="Name">Provider name.</param>
/// <param name="Issuer">iss.</param>
/// <param name="Audiences">Accepted aud values.</param>
/// <param name="JwksInline">JWKS JSON, inline.</param>
/// <param name="JwksUri">JWKS URI, fetched through <see cref="JwksBackend"/>.</param>
/// <param name="JwksBackend">The Service serving the JWKS URI.</param>
/// <param name="ForwardPayloadHeader">Header receiving the verified payload.</param>
public sealed record JwtProvider(string Name, string Issuer, EquatableArray<string> Audiences, string? JwksInline, string? JwksUri, BackendRef? JwksBackend, string? ForwardPayloadHeader);

/// <summary>External authorization over gRPC.</summary>
/// <param name="Backend">The authorization service.</param>
/// <param name="Timeout">Call timeout.</param>
/// <param name="FailOpen">Allow requests when the service fails.</param>
public sealed record ExtAuthzPolicy(BackendRef Backend, TimeSpan? Timeout, bool FailOpen);

/// <summary>Role-based access control.</summary>
/// <param name="Action">Allow (only matching requests pass) or Deny (matching requests are refused).</param>
/// <param name="Rules">Any rule matching makes the request match.</param>
public sealed record RbacPolicy(string Action, EquatableArray<RbacRule> Rules);

/// <summary>One RBAC rule: all its present conditions must hold.</summary>
/// <param name="Principals">Authenticated principals (client certificate SANs), exact.</param>
/// <param name="Headers">Header conditions (exact).</param>
/// <param name="SourceCidrs">Source address ranges.</param>
public sealed record RbacRule(EquatableArray<string> Principals, EquatableArray<ValueMatch> Headers, EquatableArray<string> SourceCidrs);

/// <summary>TLS (or mutual TLS) from the proxy to the backend, certificates delivered by SDS.</summary>
/// <param name="Mode">Simple (verify the server) or Mutual (also present a client certificate).</param>
/// <param name="CaSecret">Secret whose <c>ca.crt</c> validates the backend.</param>
/// <param name="ClientCertificateSecret">For Mutual: the client certificate Secret.</param>
/// <param name="Sni">SNI to send.</param>
/// <param name="SubjectAltNames">Accepted backend SANs.</param>
public sealed record UpstreamTlsPolicy(string Mode, ObjectRef? CaSecret, ObjectRef? ClientCertificateSecret, string? Sni, EquatableArray<string> SubjectAltNames);
