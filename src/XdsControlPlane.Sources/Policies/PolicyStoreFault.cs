namespace XdsControlPlane.Sources.Policies;

/// <summary>Why the policy database cannot be used right now.</summary>
/// <param name="Message">The database error, e.g. <c>database is locked</c>.</param>
/// <param name="Since">When the fault began.</param>
public sealed record PolicyStoreFault(string Message, DateTimeOffset Since);
