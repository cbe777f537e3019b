namespace XdsControlPlane.Model.Policies;

/// <summary>A policy attached to a target (kind <c>XdsPolicy</c> in manifests, or a row of the policy store).</summary>
/// <param name="Ref">Identity.</param>
/// <param name="Generation">Generation or revision.</param>
/// <param name="Target">What it applies to.</param>
/// <param name="Spec">The settings; only the parts that are set apply.</param>
public sealed record PolicyModel(ObjectRef Ref, long Generation, PolicyTarget Target, PolicySpec Spec);

/// <summary>A policy target.</summary>
/// <param name="Kind"><c>Service</c>, <c>Gateway</c>, <c>HTTPRoute</c> or <c>GRPCRoute</c>.</param>
/// <param name="Namespace">Namespace (defaults to the policy's).</param>
/// <param name="Name">Name.</param>
/// <param name="SectionName">A Service port name or number, a Gateway listener name, or a route rule name.</param>
public sealed record PolicyTarget(string Kind, string Namespace, string Name, string? SectionName);

/// <summary>Every kind of setting a policy can carry.</summary>
public sealed record PolicySpec
{
    /// <summary>Retries.</summary>
    public RetryPolicy? Retry { get; init; }

    /// <summary>Timeouts.</summary>
    public TimeoutPolicy? Timeout { get; init; }

    /// <summary>Circuit breakers.</summary>
    public CircuitBreakerPolicy? CircuitBreaker { get; init; }

    /// <summary>Outlier detection.</summary>
    public OutlierDetectionPolicy? OutlierDetection { get; init; }

    /// <summary>Active health checks.</summary>
    public HealthCheckPolicy? HealthCheck { get; init; }

    /// <summary>Load balancing.</summary>
    public LoadBalancerPolicy? LoadBalancer { get; init; }

    /// <summary>Upstream connection settings.</summary>
    public ConnectionPolicy? Connection { get; init; }

    /// <summary>Local rate limit.</summary>
    public RateLimitPolicy? RateLimit { get; init; }

    /// <summary>CORS.</summary>
    public CorsPolicy? Cors { get; init; }

    /// <summary>JWT authentication.</summary>
    public JwtPolicy? Jwt { get; init; }

    /// <summary>External authorization.</summary>
    public ExtAuthzPolicy? ExtAuthz { get; init; }

    /// <summary>RBAC.</summary>
    public RbacPolicy? Rbac { get; init; }

    /// <summary>Fault injection.</summary>
    public FaultPolicy? Fault { get; init; }

    /// <summary>Upstream TLS.</summary>
    public UpstreamTlsPolicy? Tls { get; init; }
}
