namespace XdsControlPlane.Model.Policies;

/// <summary>Circuit breaker thresholds (default priority).</summary>
/// <param name="MaxConnections">Connections.</param>
/// <param name="MaxPendingRequests">Pending requests.</param>
/// <param name="MaxRequests">Concurrent requests.</param>
/// <param name="MaxRetries">Concurrent retries.</param>
public sealed record CircuitBreakerPolicy(int? MaxConnections, int? MaxPendingRequests, int? MaxRequests, int? MaxRetries);
