using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using XdsControlPlane.Compiler.Builders;
using XdsControlPlane.Model;
using EnvoyRoute = Envoy.Config.Route.V3.Route;

namespace XdsControlPlane.Compiler.Processing;

/// <summary>
/// The profile shared by every proxyless gRPC client. Each TCP Service port gets an API listener named
/// <c>&lt;service&gt;.&lt;ns&gt;.svc:&lt;port&gt;</c> (the dial target without <c>xds:///</c>); routes whose parentRefs name the
/// Service (Gateway API mesh, GEP-1426) apply to it, and a Service no route attaches to gets one default route to
/// itself. Each hostname of such a route also gets a listener named after the hostname, carrying that route's rules.
/// Clients get routing, weighted clusters, header matches, timeouts, retries, fault injection, ring hash and outlier
/// detection; not RBAC, which gRPC applies in xDS-enabled servers only.
/// </summary>
internal static class ProxylessProfile
{
    public static (ProfileResources Resources, List<ObjectStatus> Statuses) Compile(CompileContext context, RouteTable table)
    {
        var profile = new ProfileState(context, ProfileNames.Proxyless, proxyless: true);
        var statuses = new List<ObjectStatus>();
        var byPort = new Dictionary<string, List<HostedEntry>>(StringComparer.Ordinal);
        var byHostname = new SortedDictionary<string, List<HostedEntry>>(StringComparer.Ordinal);
        foreach (var route in context.Model.Routes)
        {
            for (var p = 0; p < route.ParentRefs.Count; p++)
            {
                var parent = route.ParentRefs[p];
                if (parent.Kind != "Service")
                {
                    continue;
                }

                var ns = parent.Namespace.Length == 0 ? route.Ref.Namespace : parent.Namespace;
                var service = context.Service(ns, parent.Name);
                var ports = service?.Ports.Where(port => IsTcp(port) && (parent.Port is null || parent.Port == port.Port)
                    && (parent.SectionName is null || parent.SectionName == port.Name)).ToList() ?? [];
                if (service is null || ports.Count == 0)
                {
                    var message = service is null ? $"Service {ns}/{parent.Name} not found" : $"Service {ns}/{parent.Name} has no matching TCP port";
                    context.Error(route.Ref, $"spec.parentRefs[{p}]", message, Reasons.NoMatchingParent);
                    statuses.Add(new ObjectStatus(route.Ref, route.Generation, parent,
                        [new StatusCondition(Reasons.Accepted, false, Reasons.NoMatchingParent, message), table.ResolvedRefsOf(route)]));
                    continue;
                }

                statuses.Add(new ObjectStatus(route.Ref, route.Generation, parent,
                    [new StatusCondition(Reasons.Accepted, true, Reasons.Accepted, $"applies to Service {ns}/{parent.Name}"), table.ResolvedRefsOf(route)]));
                foreach (var port in ports)
                {
                    var parentSpec = context.Policies.ForService(service.Ref, port);
                    var hosted = table.EntriesOf(route)
                        .Select(e => new HostedEntry(Hostnames.Any, e, PolicyIndex.Merge(context.Policies.ForRule(route.Ref, e.Rule), parentSpec)))
                        .ToList();
                    Add(byPort, Names.ProxylessListener(service.Ref, port.Port), hosted);
                    for (var h = 0; h < route.Hostnames.Count; h++)
                    {
                        if (route.Hostnames[h].Contains('*', StringComparison.Ordinal))
                        {
                            context.Error(route.Ref, $"spec.hostnames[{h}]", "wildcard hostnames cannot be dialed by proxyless gRPC clients; no listener for it", Reasons.UnsupportedValue);
                            continue;
                        }

                        Add(byHostname, route.Hostnames[h], hosted);
                    }
                }
            }
        }

        var listeners = new List<Listener>();
        var routeConfigurations = new List<RouteConfiguration>();
        foreach (var service in context.Model.Services)
        {
            foreach (var port in service.Ports.Where(IsTcp).DistinctBy(p => p.Port))
            {
                var name = Names.ProxylessListener(service.Ref, port.Port);
                var filters = new HcmFilters(profile, extAuthz: null);
                var entries = byPort.GetValueOrDefault(name);
                var config = entries is null
                    ? DefaultRoutes(profile, name, service, port, filters)
                    : RouteConfigProcessor.RouteConfiguration(profile, name, entries, filters);
                routeConfigurations.Add(config);
                listeners.Add(Listeners.ApiListener(name, Listeners.HttpConnectionManager(name, filters.Build(), gateway: false)));
            }
        }

        foreach (var (hostname, entries) in byHostname)
        {
            var filters = new HcmFilters(profile, extAuthz: null);
            routeConfigurations.Add(RouteConfigProcessor.RouteConfiguration(profile, hostname, entries, filters));
            listeners.Add(Listeners.ApiListener(hostname, Listeners.HttpConnectionManager(hostname, filters.Build(), gateway: false)));
        }

        return (ProfileAssembler.Assemble(profile, listeners, routeConfigurations), statuses);
    }

    /// <summary>A Service no route attaches to: everything goes to the Service itself, with the Service's policies.</summary>
    private static RouteConfiguration DefaultRoutes(ProfileState profile, string name, ServiceModel service, ServicePort port, HcmFilters filters)
    {
        var spec = profile.Context.Policies.ForService(service.Ref, port);
        var backend = new ResolvedBackend(service, port, 1);
        var action = RouteActions.RouteAction([backend]);
        RouteTranslator.ApplyTimeouts(proxyless: true, action, null, spec);
        action.HashPolicy.AddRange(RouteTranslator.HashKeys(profile, [backend]).Select(RouteActions.HashPolicy));
        var route = new EnvoyRoute { Name = "default", Match = new Envoy.Config.Route.V3.RouteMatch { Prefix = "/" }, Route_ = action };
        filters.Apply(route, spec, Names.Cluster(service.Ref, port.Port));
        profile.UseCluster(service, port, grpc: true);
        var vhost = new VirtualHost { Name = Names.VirtualHost(name, Hostnames.Any) };
        vhost.Domains.Add(Hostnames.Any);
        vhost.Routes.Add(route);
        var config = new RouteConfiguration { Name = name };
        config.VirtualHosts.Add(vhost);
        return config;
    }

    private static bool IsTcp(ServicePort port) => port.Protocol is "TCP" or "";

    private static void Add(IDictionary<string, List<HostedEntry>> map, string key, IEnumerable<HostedEntry> entries)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.AddRange(entries);
    }
}
