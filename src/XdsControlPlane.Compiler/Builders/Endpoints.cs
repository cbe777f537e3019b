using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using EnvoyAddress = Envoy.Config.Core.V3.Address;
using EnvoyEndpoint = Envoy.Config.Endpoint.V3.Endpoint;
using EnvoySocketAddress = Envoy.Config.Core.V3.SocketAddress;

namespace XdsControlPlane.Compiler.Builders;

/// <summary>Builds ClusterLoadAssignments.</summary>
internal static class Endpoints
{
    /// <summary>
    /// Endpoints grouped by zone (sorted), each group a locality weighted by its endpoint count (never zero, as
    /// gRPC clients require), endpoints sorted by address and port. No endpoints gives an empty assignment.
    /// </summary>
    public static ClusterLoadAssignment ClusterLoadAssignment(string cluster, IEnumerable<(string Zone, string Ip, int Port)> endpoints)
    {
        var assignment = new ClusterLoadAssignment { ClusterName = cluster };
        foreach (var zone in endpoints.Distinct().GroupBy(e => e.Zone).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var locality = new LocalityLbEndpoints
            {
                Locality = new Locality { Zone = zone.Key },
                LoadBalancingWeight = (uint)Math.Max(1, zone.Count()),
            };
            locality.LbEndpoints.AddRange(zone
                .OrderBy(e => e.Ip, StringComparer.Ordinal)
                .ThenBy(e => e.Port)
                .Select(e => LbEndpoint(e.Ip, e.Port)));
            assignment.Endpoints.Add(locality);
        }

        return assignment;
    }

    /// <summary>A healthy endpoint at an IP literal.</summary>
    public static LbEndpoint LbEndpoint(string ip, int port) => new()
    {
        Endpoint = new EnvoyEndpoint
        {
            Address = new EnvoyAddress { SocketAddress = new EnvoySocketAddress { Address = ip, PortValue = (uint)port } },
        },
        HealthStatus = HealthStatus.Healthy,
    };
}
