using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;

namespace XdsControlPlane.Compiler.Processing;

/// <summary>Finishes a profile: clusters and endpoints of everything it routes to, everything sorted by name.</summary>
internal static class ProfileAssembler
{
    public static ProfileResources Assemble(ProfileState profile, IEnumerable<Listener> listeners, IEnumerable<RouteConfiguration> routes)
    {
        // Listeners and routes are built first: building them is what marks clusters and secrets as used.
        var listenerList = listeners.OrderBy(l => l.Name, StringComparer.Ordinal).ToList();
        var routeList = routes.OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
        var clusters = profile.Clusters.Select(use => ClusterProcessor.Cluster(profile, use)).ToList();
        var endpoints = profile.Clusters.Select(use => profile.Context.Assignment(use)).ToList();
        return new ProfileResources(
            profile.Name,
            listenerList,
            routeList,
            [.. clusters.OrderBy(c => c.Name, StringComparer.Ordinal)],
            [.. endpoints.OrderBy(e => e.ClusterName, StringComparer.Ordinal)],
            [.. profile.Secrets.OrderBy(s => s.Name, StringComparer.Ordinal)]);
    }
}
