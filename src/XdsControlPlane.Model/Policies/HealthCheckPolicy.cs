namespace XdsControlPlane.Model.Policies;

/// <summary>Active health checking.</summary>
/// <param name="Type">Http, Grpc or Tcp.</param>
/// <param name="Path">HTTP path.</param>
/// <param name="GrpcService">gRPC health service name.</param>
/// <param name="Interval">Interval between checks.</param>
/// <param name="Timeout">Timeout of a check.</param>
/// <param name="HealthyThreshold">Successes before healthy.</param>
/// <param name="UnhealthyThreshold">Failures before unhealthy.</param>
public sealed record HealthCheckPolicy(string Type, string? Path, string? GrpcService, TimeSpan Interval, TimeSpan Timeout, int HealthyThreshold, int UnhealthyThreshold);
