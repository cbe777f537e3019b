using XdsControlPlane.Xds.Snapshots;
using XdsControlPlane.Xds.Transport;

namespace XdsControlPlane.Xds.Protocol;

/// <summary>The xDS gRPC methods this server implements (P1): a thin façade forwarding by type URL.</summary>
public static class XdsServices
{
    /// <summary>ADS, State of the World.</summary>
    public const string AggregatedSotw = "/envoy.service.discovery.v3.AggregatedDiscoveryService/StreamAggregatedResources";

    /// <summary>ADS, incremental.</summary>
    public const string AggregatedDelta = "/envoy.service.discovery.v3.AggregatedDiscoveryService/DeltaAggregatedResources";

    /// <summary>Per-type services: (service, SotW method, delta method, unary fetch method, type URL).</summary>
    public static IReadOnlyList<(string Service, string Sotw, string Delta, string Fetch, string TypeUrl)> PerType { get; } =
    [
        ("envoy.service.listener.v3.ListenerDiscoveryService", "StreamListeners", "DeltaListeners", "FetchListeners", TypeUrls.Listener),
        ("envoy.service.route.v3.RouteDiscoveryService", "StreamRoutes", "DeltaRoutes", "FetchRoutes", TypeUrls.RouteConfiguration),
        ("envoy.service.cluster.v3.ClusterDiscoveryService", "StreamClusters", "DeltaClusters", "FetchClusters", TypeUrls.Cluster),
        ("envoy.service.endpoint.v3.EndpointDiscoveryService", "StreamEndpoints", "DeltaEndpoints", "FetchEndpoints", TypeUrls.ClusterLoadAssignment),
        ("envoy.service.secret.v3.SecretDiscoveryService", "StreamSecrets", "DeltaSecrets", "FetchSecrets", TypeUrls.Secret),
    ];

    /// <summary>
    /// The type of a per-type service: a request may leave <c>type_url</c> empty (the service implies it) but may not
    /// name another type (INVALID_ARGUMENT).
    /// </summary>
    internal static string CheckServiceType(string requested, string serviceTypeUrl) =>
        requested.Length == 0 || requested == serviceTypeUrl ? serviceTypeUrl
        : throw new GrpcException(GrpcStatusCode.InvalidArgument, $"type_url {requested} does not belong to this service ({serviceTypeUrl})");
}
