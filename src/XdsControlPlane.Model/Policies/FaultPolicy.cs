namespace XdsControlPlane.Model.Policies;

/// <summary>Fault injection.</summary>
/// <param name="DelayPercent">Share of requests delayed.</param>
/// <param name="Delay">Fixed delay.</param>
/// <param name="AbortPercent">Share of requests aborted.</param>
/// <param name="AbortHttpStatus">HTTP status of aborts.</param>
/// <param name="AbortGrpcStatus">gRPC status of aborts.</param>
public sealed record FaultPolicy(double? DelayPercent, TimeSpan? Delay, double? AbortPercent, int? AbortHttpStatus, int? AbortGrpcStatus);
