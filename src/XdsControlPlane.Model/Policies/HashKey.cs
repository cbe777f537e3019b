namespace XdsControlPlane.Model.Policies;

/// <summary>One hash input.</summary>
/// <param name="Type">Header, Cookie or SourceIp.</param>
/// <param name="Name">Header or cookie name.</param>
/// <param name="CookieTtl">For cookies: generate one with this TTL when absent.</param>
public sealed record HashKey(string Type, string? Name, TimeSpan? CookieTtl);
