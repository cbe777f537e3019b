using Envoy.Config.Route.V3;
using EnvoyRoute = Envoy.Config.Route.V3.Route;

namespace XdsControlPlane.Compiler.Processing;

/// <summary>Builds route configurations: one virtual host per hostname, routes in Gateway API precedence order.</summary>
internal static class RouteConfigProcessor
{
    /// <summary>
    /// The route configuration <paramref name="name"/>: virtual hosts sorted by hostname; within each, conflicting
    /// matches resolved (the loser reported) and routes ordered by precedence.
    /// </summary>
    public static RouteConfiguration RouteConfiguration(ProfileState profile, string name, IEnumerable<HostedEntry> entries, HcmFilters filters,
        Func<string, IEnumerable<EnvoyRoute>>? tail = null)
    {
        var config = new RouteConfiguration { Name = name };
        var byHost = entries
            .GroupBy(e => e.Hostname, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var host in byHost.Keys.Order(StringComparer.Ordinal))
        {
            var hosted = byHost[host]
                .DistinctBy(e => (e.Entry.Route.Ref, e.Entry.RuleIndex, e.Entry.MatchIndex))
                .ToDictionary(e => e.Entry);
            var vhost = new VirtualHost { Name = Names.VirtualHost(name, host) };
            vhost.Domains.Add(host);
            foreach (var entry in Precedence.SortAndResolveConflicts(profile.Context, hosted.Keys))
            {
                if (RouteTranslator.Translate(profile, filters, entry, hosted[entry].Spec) is { } route)
                {
                    vhost.Routes.Add(route);
                }
            }

            if (tail is not null)
            {
                vhost.Routes.AddRange(tail(host));
            }

            config.VirtualHosts.Add(vhost);
        }

        return config;
    }
}
