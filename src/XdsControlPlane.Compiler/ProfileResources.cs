using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Google.Protobuf;
using TlsSecret = Envoy.Extensions.TransportSockets.Tls.V3.Secret;

namespace XdsControlPlane.Compiler;

/// <summary>
/// The Envoy resources of one profile, each list sorted by resource name (ordinal). Every EDS cluster has its
/// ClusterLoadAssignment, every RDS reference its RouteConfiguration, every SDS reference its Secret.
/// The messages are freshly built; whoever publishes them must not mutate them afterwards.
/// </summary>
/// <param name="Name">Profile name.</param>
/// <param name="Listeners">LDS resources.</param>
/// <param name="RouteConfigurations">RDS resources.</param>
/// <param name="Clusters">CDS resources.</param>
/// <param name="ClusterLoadAssignments">EDS resources.</param>
/// <param name="Secrets">SDS resources.</param>
public sealed record ProfileResources(
    string Name,
    IReadOnlyList<Listener> Listeners,
    IReadOnlyList<RouteConfiguration> RouteConfigurations,
    IReadOnlyList<Cluster> Clusters,
    IReadOnlyList<ClusterLoadAssignment> ClusterLoadAssignments,
    IReadOnlyList<TlsSecret> Secrets)
{
    /// <summary>Every resource: clusters, endpoints, listeners, route configurations, secrets.</summary>
    public IEnumerable<IMessage> All() =>
        Clusters.Cast<IMessage>()
            .Concat(ClusterLoadAssignments)
            .Concat(Listeners)
            .Concat(RouteConfigurations)
            .Concat(Secrets);
}
