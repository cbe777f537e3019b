namespace XdsControlPlane.Model.Policies;

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
