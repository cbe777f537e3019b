namespace XdsControlPlane.Sources.Mapping;

/// <summary>Values an XdsPolicy gets for fields it leaves out (documented with the schema in README).</summary>
public static class PolicyDefaults
{
    /// <summary>healthCheck.interval.</summary>
    public static readonly TimeSpan HealthCheckInterval = TimeSpan.FromSeconds(5);

    /// <summary>healthCheck.timeout.</summary>
    public static readonly TimeSpan HealthCheckTimeout = TimeSpan.FromSeconds(1);

    /// <summary>healthCheck.healthyThreshold.</summary>
    public const int HealthyThreshold = 2;

    /// <summary>healthCheck.unhealthyThreshold.</summary>
    public const int UnhealthyThreshold = 3;
}
