namespace XdsControlPlane.Xds.Snapshots;

/// <summary>The xDS resource type URLs this server serves, and the order ADS pushes them in.</summary>
public static class TypeUrls
{
    private const string Prefix = "type.googleapis.com/";

    /// <summary>LDS: <c>envoy.config.listener.v3.Listener</c>.</summary>
    public const string Listener = Prefix + "envoy.config.listener.v3.Listener";

    /// <summary>RDS: <c>envoy.config.route.v3.RouteConfiguration</c>.</summary>
    public const string RouteConfiguration = Prefix + "envoy.config.route.v3.RouteConfiguration";

    /// <summary>CDS: <c>envoy.config.cluster.v3.Cluster</c>.</summary>
    public const string Cluster = Prefix + "envoy.config.cluster.v3.Cluster";

    /// <summary>EDS: <c>envoy.config.endpoint.v3.ClusterLoadAssignment</c>.</summary>
    public const string ClusterLoadAssignment = Prefix + "envoy.config.endpoint.v3.ClusterLoadAssignment";

    /// <summary>SDS: <c>envoy.extensions.transport_sockets.tls.v3.Secret</c>.</summary>
    public const string Secret = Prefix + "envoy.extensions.transport_sockets.tls.v3.Secret";

    /// <summary>The <c>envoy.service.discovery.v3.Resource</c> wrapper (SotW TTL, heartbeats).</summary>
    public const string Resource = Prefix + "envoy.service.discovery.v3.Resource";

    /// <summary>
    /// Make-before-break push order on ADS: clusters, then their endpoints and secrets, then the listeners and
    /// routes that start using them. Stale clusters are removed after listeners and routes (see the engine).
    /// </summary>
    public static IReadOnlyList<string> PushOrder { get; } =
        [Cluster, ClusterLoadAssignment, Secret, Listener, RouteConfiguration];

    /// <summary>
    /// True for types whose SotW response is the complete state (LDS, CDS): a name missing from a response is
    /// deleted on the client.
    /// </summary>
    public static bool IsFullState(string typeUrl) => typeUrl is Listener or Cluster;

    /// <summary>Short name (LDS, RDS, CDS, EDS, SDS) for logs and diagnostics; the URL itself when unknown.</summary>
    public static string ShortName(string typeUrl) => typeUrl switch
    {
        Listener => "LDS",
        RouteConfiguration => "RDS",
        Cluster => "CDS",
        ClusterLoadAssignment => "EDS",
        Secret => "SDS",
        _ => typeUrl,
    };

    /// <summary>True for the five types above.</summary>
    public static bool IsKnown(string typeUrl) => typeUrl is Listener or RouteConfiguration or Cluster or ClusterLoadAssignment or Secret;
}
