namespace XdsControlPlane.Model.Policies;

/// <summary>External authorization over gRPC.</summary>
/// <param name="Backend">The authorization service.</param>
/// <param name="Timeout">Call timeout.</param>
/// <param name="FailOpen">Allow requests when the service fails.</param>
public sealed record ExtAuthzPolicy(BackendRef Backend, TimeSpan? Timeout, bool FailOpen);
