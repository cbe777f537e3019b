namespace XdsControlPlane.Model.Policies;

/// <summary>Local (per proxy) token-bucket rate limit.</summary>
/// <param name="Requests">Tokens added per period.</param>
/// <param name="Per">Period.</param>
/// <param name="Burst">Bucket size (default <see cref="Requests"/>).</param>
public sealed record RateLimitPolicy(int Requests, TimeSpan Per, int? Burst);
