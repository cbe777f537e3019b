namespace XdsControlPlane.Model.Policies;

/// <summary>Retries.</summary>
/// <param name="Attempts">Retries after the first try (1–10).</param>
/// <param name="PerTryTimeout">Timeout of each try.</param>
/// <param name="On">Conditions: Envoy retry_on values (5xx, gateway-error, reset, connect-failure, retriable-status-codes) or gRPC ones (cancelled, deadline-exceeded, unavailable, resource-exhausted, internal).</param>
/// <param name="RetriableStatusCodes">HTTP status codes retried with <c>retriable-status-codes</c>.</param>
/// <param name="BackoffBase">Base interval of the exponential backoff.</param>
/// <param name="BackoffMax">Cap of the backoff.</param>
public sealed record RetryPolicy(int Attempts, TimeSpan? PerTryTimeout, EquatableArray<string> On, EquatableArray<int> RetriableStatusCodes, TimeSpan? BackoffBase, TimeSpan? BackoffMax);

/// <summary>Timeouts.</summary>
/// <param name="Request">Whole request, including retries.</param>
/// <param name="Idle">Stream idle timeout.</param>
public sealed record TimeoutPolicy(TimeSpan? Request, TimeSpan? Idle);

/// <summary>Circuit breaker thresholds (default priority).</summary>
/// <param name="MaxConnections">Connections.</param>
/// <param name="MaxPendingRequests">Pending requests.</param>
/// <param name="MaxRequests">Concurrent requests.</param>
/// <param name="MaxRetries">Concurrent retries.</param>
public sealed record CircuitBreakerPolicy(int? MaxConnections, int? MaxPendingRequests, int? MaxRequests, int? MaxRetries);

/// <summary>Passive health checking (outlier detection).</summary>
/// <param name="Consecutive5xx">Consecutive 5xx before ejection.</param>
/// <param name="ConsecutiveGatewayFailure">Consecutive gateway failures before ejection.</param>
/// <param name="Interval">Analysis interval.</param>
/// <param name="BaseEjectionTime">Base ejection time.</param>
/// <param name="MaxEjectionPercent">Most hosts ejected at once, percent.</param>
public sealed record OutlierDetectionPolicy(int? Consecutive5xx, int? ConsecutiveGatewayFailure, TimeSpan? Interval, TimeSpan? BaseEjectionTime, int? MaxEjectionPercent);

/// <summary>Active health checking.</summary>
/// <param name="Type">Http, Grpc or Tcp.</param>
/// <param name="Path">HTTP path.</param>
/// <param name="GrpcService">gRPC health service name.</param>
/// <param name="Interval">Interval between checks.</param>
/// <param name="Timeout">Timeout of a check.</param>
/// <param name="HealthyThreshold">Successes before healthy.</param>
/// <param name="UnhealthyThreshold">Failures before unhealthy.</param>
public sealed record HealthCheckPolicy(string Type, string? Path, string? GrpcService, TimeSpan Interval, TimeSpan Timeout, int HealthyThreshold, int UnhealthyThreshold);

/// <summary>Load balancing.</summary>
/// <param name="Type">RoundRobin, LeastRequest, Random, RingHash or Maglev.</param>
/// <param name="HashOn">For RingHash and Maglev: what to hash.</param>
/// <param name="LocalityAware">Weight localities (EndpointSlice zones) instead of flattening them.</param>
public sealed record LoadBalancerPolicy(string Type, EquatableArray<HashKey> HashOn, bool LocalityAware);

/// <summary>One hash input.</summary>
/// <param name="Type">Header, Cookie or SourceIp.</param>
/// <param name="Name">Header or cookie name.</param>
/// <param name="CookieTtl">For cookies: generate one with this TTL when absent.</param>
public sealed record HashKey(string Type, string? Name, TimeSpan? CookieTtl);

/// <summary>Upstream connection settings.</summary>
/// <param name="ConnectTimeout">Connect timeout.</param>
/// <param name="Http2">Speak HTTP/2 to the backend (required for gRPC backends through Envoy).</param>
/// <param name="KeepaliveTime">TCP keepalive idle time.</param>
/// <param name="KeepaliveInterval">TCP keepalive probe interval.</param>
/// <param name="KeepaliveProbes">TCP keepalive probes.</param>
public sealed record ConnectionPolicy(TimeSpan? ConnectTimeout, bool? Http2, TimeSpan? KeepaliveTime, TimeSpan? KeepaliveInterval, int? KeepaliveProbes);

/// <summary>Fault injection.</summary>
/// <param name="DelayPercent">Share of requests delayed.</param>
/// <param name="Delay">Fixed delay.</param>
/// <param name="AbortPercent">Share of requests aborted.</param>
/// <param name="AbortHttpStatus">HTTP status of aborts.</param>
/// <param name="AbortGrpcStatus">gRPC status of aborts.</param>
public sealed record FaultPolicy(double? DelayPercent, TimeSpan? Delay, double? AbortPercent, int? AbortHttpStatus, int? AbortGrpcStatus);
