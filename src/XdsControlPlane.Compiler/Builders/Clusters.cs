using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Extensions.Upstreams.Http.V3;
using Google.Protobuf.WellKnownTypes;
using XdsControlPlane.Model.Policies;

namespace XdsControlPlane.Compiler.Builders;

/// <summary>Builds EDS clusters and their policy-driven parts.</summary>
internal static class Clusters
{
    /// <summary>Key of the upstream HTTP protocol options extension.</summary>
    public const string HttpProtocolOptionsKey = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";

    /// <summary>An EDS cluster over ADS; endpoints come from the ClusterLoadAssignment of the same name.</summary>
    public static Cluster Cluster(string name, TimeSpan connectTimeout) => new()
    {
        Name = name,
        Type = Envoy.Config.Cluster.V3.Cluster.Types.DiscoveryType.Eds,
        EdsClusterConfig = new Cluster.Types.EdsClusterConfig { EdsConfig = Protos.Ads() },
        ConnectTimeout = Protos.Duration(connectTimeout),
    };

    /// <summary>The cluster load balancing policy of a policy type (RoundRobin when unknown, which the checks report).</summary>
    public static Cluster.Types.LbPolicy LbPolicy(string type) => type switch
    {
        "LeastRequest" => Envoy.Config.Cluster.V3.Cluster.Types.LbPolicy.LeastRequest,
        "Random" => Envoy.Config.Cluster.V3.Cluster.Types.LbPolicy.Random,
        "RingHash" => Envoy.Config.Cluster.V3.Cluster.Types.LbPolicy.RingHash,
        "Maglev" => Envoy.Config.Cluster.V3.Cluster.Types.LbPolicy.Maglev,
        _ => Envoy.Config.Cluster.V3.Cluster.Types.LbPolicy.RoundRobin,
    };

    /// <summary>Circuit breaker thresholds at default priority.</summary>
    public static CircuitBreakers CircuitBreakers(CircuitBreakerPolicy policy)
    {
        var breakers = new CircuitBreakers();
        breakers.Thresholds.Add(new CircuitBreakers.Types.Thresholds
        {
            Priority = RoutingPriority.Default,
            MaxConnections = Protos.UInt32(policy.MaxConnections),
            MaxPendingRequests = Protos.UInt32(policy.MaxPendingRequests),
            MaxRequests = Protos.UInt32(policy.MaxRequests),
            MaxRetries = Protos.UInt32(policy.MaxRetries),
        });
        return breakers;
    }

    /// <summary>Outlier detection (passive health checking).</summary>
    public static OutlierDetection OutlierDetection(OutlierDetectionPolicy policy) => new()
    {
        Consecutive5Xx = Protos.UInt32(policy.Consecutive5xx),
        ConsecutiveGatewayFailure = Protos.UInt32(policy.ConsecutiveGatewayFailure),
        Interval = policy.Interval is { } interval ? Protos.Duration(interval) : null,
        BaseEjectionTime = policy.BaseEjectionTime is { } ejection ? Protos.Duration(ejection) : null,
        MaxEjectionPercent = Protos.UInt32(policy.MaxEjectionPercent is { } max ? Math.Min(max, 100) : null),
    };

    /// <summary>
    /// Success-rate ejection, Envoy's default algorithm, with Envoy's default parameters written out. gRPC clients eject
    /// only by success rate or failure percentage (gRFC A50) and read the parameters literally: C-core enables
    /// success-rate ejection only when <c>enforcing_success_rate</c> is set (1.51.1 otherwise logs "counting disabled"),
    /// and grpc-js 1.14 overwrites its own defaults with the unset fields, so its first ejection check divides nothing
    /// and throws, killing the client process one interval after it received the cluster.
    /// </summary>
    public static void ExplicitSuccessRateEjection(OutlierDetection detection)
    {
        detection.EnforcingSuccessRate = Protos.UInt32(Defaults.SuccessRateEnforcing);
        detection.SuccessRateMinimumHosts = Protos.UInt32(Defaults.SuccessRateMinimumHosts);
        detection.SuccessRateRequestVolume = Protos.UInt32(Defaults.SuccessRateRequestVolume);
        detection.SuccessRateStdevFactor = Protos.UInt32(Defaults.SuccessRateStdevFactor);
    }

    /// <summary>An active health check (HTTP path, gRPC health service or TCP connect).</summary>
    public static HealthCheck HealthCheck(HealthCheckPolicy policy)
    {
        var check = new HealthCheck
        {
            Interval = Protos.Duration(policy.Interval),
            Timeout = Protos.Duration(policy.Timeout),
            HealthyThreshold = Protos.UInt32(policy.HealthyThreshold),
            UnhealthyThreshold = Protos.UInt32(policy.UnhealthyThreshold),
        };
        switch (policy.Type)
        {
            case "Grpc":
                check.GrpcHealthCheck = new HealthCheck.Types.GrpcHealthCheck { ServiceName = policy.GrpcService ?? "" };
                break;
            case "Tcp":
                check.TcpHealthCheck = new HealthCheck.Types.TcpHealthCheck();
                break;
            default:
                check.HttpHealthCheck = new HealthCheck.Types.HttpHealthCheck { Path = policy.Path ?? "/" };
                break;
        }

        return check;
    }

    /// <summary>Upstream HTTP/2 (needed for gRPC backends), packed for <c>typed_extension_protocol_options</c>.</summary>
    public static Any Http2ProtocolOptions() => Any.Pack(new Envoy.Extensions.Upstreams.Http.V3.HttpProtocolOptions
    {
        ExplicitHttpConfig = new Envoy.Extensions.Upstreams.Http.V3.HttpProtocolOptions.Types.ExplicitHttpConfig { Http2ProtocolOptions = new Http2ProtocolOptions() },
    });

    /// <summary>TCP keepalive on upstream connections.</summary>
    public static UpstreamConnectionOptions UpstreamConnectionOptions(ConnectionPolicy policy) => new()
    {
        TcpKeepalive = new TcpKeepalive
        {
            KeepaliveTime = Protos.UInt32(policy.KeepaliveTime is { } time ? (int)time.TotalSeconds : null),
            KeepaliveInterval = Protos.UInt32(policy.KeepaliveInterval is { } interval ? (int)interval.TotalSeconds : null),
            KeepaliveProbes = Protos.UInt32(policy.KeepaliveProbes),
        },
    };
}
