namespace XdsControlPlane.Model.Policies;

/// <summary>JWT authentication.</summary>
/// <param name="Providers">Accepted issuers.</param>
/// <param name="Required">Reject requests without a valid token (else only validate present ones).</param>
public sealed record JwtPolicy(EquatableArray<JwtProvider> Providers, bool Required);
