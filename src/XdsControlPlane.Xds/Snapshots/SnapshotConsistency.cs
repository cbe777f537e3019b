using System.Collections.Immutable;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Google.Protobuf.WellKnownTypes;

namespace XdsControlPlane.Xds.Snapshots;

/// <summary>
/// P25: a snapshot is consistent before it is published. Every EDS cluster has its ClusterLoadAssignment,
/// every listener that uses RDS has its RouteConfiguration, every SDS reference has its Secret.
/// </summary>
public static class SnapshotConsistency
{
    /// <summary>
    /// Every broken reference, each naming the resource and what it misses; empty when consistent. With the
    /// <paramref name="previous"/> (consistent) snapshot, references between sets that are the very same objects in
    /// both are not checked again: they cannot have changed.
    /// </summary>
    public static IReadOnlyList<string> Check(Snapshot snapshot, Snapshot? previous = null)
    {
        bool Unchanged(params string[] typeUrls) => previous is not null && typeUrls.All(t => snapshot.SharesSet(previous, t));

        var problems = new List<string>();
        var endpoints = snapshot[TypeUrls.ClusterLoadAssignment].ByName;
        var routes = snapshot[TypeUrls.RouteConfiguration].ByName;
        var secrets = snapshot[TypeUrls.Secret].ByName;

        var clusterTlsUnchanged = Unchanged(TypeUrls.Cluster, TypeUrls.Secret);
        // Same clusters and the same endpoint names as before (only endpoint contents changed): nothing to re-check.
        var endpointNamesUnchanged = previous is not null
            && ReferenceEquals(snapshot[TypeUrls.ClusterLoadAssignment].Names, previous[TypeUrls.ClusterLoadAssignment].Names);
        foreach (var resource in clusterTlsUnchanged && endpointNamesUnchanged ? ImmutableArray<XdsResource>.Empty : snapshot[TypeUrls.Cluster].Items)
        {
            var cluster = (Cluster)resource.Message;
            if (cluster.ClusterDiscoveryTypeCase == Cluster.ClusterDiscoveryTypeOneofCase.Type && cluster.Type == Cluster.Types.DiscoveryType.Eds)
            {
                var serviceName = string.IsNullOrEmpty(cluster.EdsClusterConfig?.ServiceName) ? cluster.Name : cluster.EdsClusterConfig.ServiceName;
                if (!endpoints.ContainsKey(serviceName))
                {
                    problems.Add($"Cluster '{cluster.Name}' uses EDS but ClusterLoadAssignment '{serviceName}' is missing");
                }
            }

            if (clusterTlsUnchanged)
            {
                continue;
            }

            CheckTransportSocket(cluster.TransportSocket, $"Cluster '{cluster.Name}'", secrets, problems);
            foreach (var match in cluster.TransportSocketMatches)
            {
                CheckTransportSocket(match.TransportSocket, $"Cluster '{cluster.Name}' transport_socket_matches '{match.Name}'", secrets, problems);
            }
        }

        if (Unchanged(TypeUrls.Listener, TypeUrls.RouteConfiguration, TypeUrls.Secret))
        {
            return problems;
        }

        foreach (var resource in snapshot[TypeUrls.Listener].Items)
        {
            var listener = (Listener)resource.Message;
            var owner = $"Listener '{listener.Name}'";
            if (listener.ApiListener?.ApiListener_ is { } api)
            {
                CheckHttpConnectionManager(api, owner, routes, problems);
            }

            var chains = listener.FilterChains.AsEnumerable();
            if (listener.DefaultFilterChain is { } defaultChain)
            {
                chains = chains.Append(defaultChain);
            }

            foreach (var chain in chains)
            {
                foreach (var filter in chain.Filters)
                {
                    if (filter.TypedConfig is { } config)
                    {
                        CheckHttpConnectionManager(config, owner, routes, problems);
                    }
                }

                CheckTransportSocket(chain.TransportSocket, owner, secrets, problems);
            }
        }

        return problems;
    }

    private static void CheckHttpConnectionManager(Any config, string owner, IReadOnlyDictionary<string, XdsResource> routes, List<string> problems)
    {
        if (config.TryUnpack<HttpConnectionManager>(out var hcm) && hcm.RouteSpecifierCase == HttpConnectionManager.RouteSpecifierOneofCase.Rds
            && !routes.ContainsKey(hcm.Rds.RouteConfigName))
        {
            problems.Add($"{owner} uses RDS but RouteConfiguration '{hcm.Rds.RouteConfigName}' is missing");
        }
    }

    private static void CheckTransportSocket(TransportSocket? socket, string owner, IReadOnlyDictionary<string, XdsResource> secrets, List<string> problems)
    {
        if (socket?.TypedConfig is not { } config)
        {
            return;
        }

        CommonTlsContext? common = null;
        if (config.TryUnpack<UpstreamTlsContext>(out var upstream))
        {
            common = upstream.CommonTlsContext;
        }
        else if (config.TryUnpack<DownstreamTlsContext>(out var downstream))
        {
            common = downstream.CommonTlsContext;
        }

        if (common is null)
        {
            return;
        }

        var references = common.TlsCertificateSdsSecretConfigs.Select(s => s.Name)
            .Append(common.ValidationContextSdsSecretConfig?.Name)
            .Append(common.CombinedValidationContext?.ValidationContextSdsSecretConfig?.Name);
        foreach (var name in references)
        {
            if (!string.IsNullOrEmpty(name) && !secrets.ContainsKey(name))
            {
                problems.Add($"{owner} references SDS secret '{name}' which is missing");
            }
        }
    }
}
