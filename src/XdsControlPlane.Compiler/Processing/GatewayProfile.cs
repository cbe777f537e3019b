using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using XdsControlPlane.Compiler.Builders;
using XdsControlPlane.Model;
using XdsControlPlane.Model.Policies;

namespace XdsControlPlane.Compiler.Processing;

/// <summary>
/// The profile of an Envoy acting as one Gateway: a listener per port (HTTP: one filter chain; HTTPS: one chain
/// per listener hostname, selected by SNI, certificates by SDS), routes attached by parentRefs, their clusters,
/// endpoints and secrets.
/// </summary>
internal static class GatewayProfile
{
    public static (ProfileResources Resources, List<ObjectStatus> Statuses) Compile(CompileContext context, RouteTable table, GatewayModel gateway)
    {
        var profile = new ProfileState(context, ProfileNames.Gateway(gateway.Ref.Namespace, gateway.Ref.Name), proxyless: false);
        var ports = GatewayListeners.Validate(context, gateway, out var verdicts);
        var rejected = Rejected(context, gateway);
        if (rejected is not null)
        {
            ports.Clear(); // a Gateway that is not accepted programs nothing; its routes still attach (and say so)
        }

        var usable = ports.Values.SelectMany(l => l).Select(u => u.Listener.Name).ToHashSet(StringComparer.Ordinal);
        var statuses = new List<ObjectStatus>();

        // Listener status counts the routes attached to every listener of a protocol we serve, usable or not (Gateway
        // API: attachment depends on parentRefs and allowedRoutes only).
        var attachable = gateway.Listeners.Where(l => l.Protocol is "HTTP" or "HTTPS").Select(l => l.Name).ToHashSet(StringComparer.Ordinal);
        var counted = new Dictionary<string, HashSet<ObjectRef>>(StringComparer.Ordinal);

        // Listener name → entries attached through it, per hostname. A parentRef without a kind names a Gateway,
        // the Gateway API default.
        var attached = new Dictionary<string, List<HostedEntry>>(StringComparer.Ordinal);
        foreach (var route in context.Model.Routes)
        {
            foreach (var parent in route.ParentRefs.Where(p => p.Kind is "Gateway" or "" && ParentOf(p, route) == (gateway.Ref.Namespace, gateway.Ref.Name)))
            {
                // Attachment, and so the route's Accepted condition, is decided over every listener of a protocol we serve,
                // as attachedRoutes is: a route attached only to a listener that is not programmed (a missing certificate)
                // is Accepted and counted, and says it is not served there. Only usable listeners get its routes.
                var (accepted, attachedTo) = GatewayAttachment.Attach(context, gateway, attachable, route, parent);
                var listeners = attachedTo.Where(a => usable.Contains(a.Listener.Name)).ToList();
                if (accepted.Status && listeners.Count < attachedTo.Count)
                {
                    var idle = string.Join(", ", attachedTo.Where(a => !usable.Contains(a.Listener.Name)).Select(a => a.Listener.Name));
                    accepted = accepted with { Message = $"{accepted.Message}; not served on {idle}: the listener is not programmed (see the Gateway's status.listeners)" };
                }

                foreach (var (listener, _) in attachedTo)
                {
                    if (!counted.TryGetValue(listener.Name, out var routes))
                    {
                        counted[listener.Name] = routes = [];
                    }

                    routes.Add(route.Ref);
                }

                statuses.Add(new ObjectStatus(route.Ref, route.Generation, parent, [accepted, table.ResolvedRefsOf(route)]));
                foreach (var (listener, hostnames) in listeners)
                {
                    var parentSpec = context.Policies.ForGatewayListener(gateway.Ref, listener.Name);
                    var hosted = table.EntriesOf(route).SelectMany(entry => hostnames.Select(host =>
                        new HostedEntry(host, entry, PolicyIndex.Merge(
                            PolicyIndex.Merge(context.Policies.ForRule(route.Ref, entry.Rule), parentSpec),
                            context.Policies.ForBackends(entry.Backends)))));
                    if (!attached.TryGetValue(listener.Name, out var list))
                    {
                        attached[listener.Name] = list = [];
                    }

                    list.AddRange(hosted);
                }
            }
        }

        var listenerResources = new List<Listener>();
        var routeConfigurations = new List<RouteConfiguration>();
        foreach (var (port, onPort) in ports)
        {
            var name = Names.GatewayListener(gateway, port);
            var chains = new List<FilterChain>();
            if (onPort[0].Listener.Protocol == "HTTP")
            {
                var filters = new HcmFilters(profile, ExtAuthzOf(context, gateway, onPort));
                var listeners = onPort.Select(u => u.Listener).ToList();
                var entries = onPort.SelectMany(u => (attached.GetValueOrDefault(u.Listener.Name) ?? [])
                    .Where(e => Owner(listeners, e.Hostname) == u.Listener));
                routeConfigurations.Add(RouteConfigProcessor.RouteConfiguration(profile, name, entries, filters));
                chains.Add(Listeners.FilterChain(Listeners.HttpConnectionManager(name, filters.Build(), gateway: true)));
            }
            else
            {
                foreach (var tls in onPort.OrderBy(u => u.Listener.Hostname ?? "", StringComparer.Ordinal))
                {
                    var routesName = Names.GatewayTlsRoutes(gateway, port, tls.Listener.Name);
                    var filters = new HcmFilters(profile, ExtAuthzOf(context, gateway, [tls]));
                    routeConfigurations.Add(RouteConfigProcessor.RouteConfiguration(profile, routesName, attached.GetValueOrDefault(tls.Listener.Name) ?? [], filters));
                    foreach (var certificate in tls.Certificates)
                    {
                        profile.UseSecret(Secrets.Secret(certificate));
                    }

                    var hcm = Listeners.HttpConnectionManager(routesName, filters.Build(), gateway: true);
                    chains.Add(Listeners.FilterChain(hcm, tls.Listener.Hostname, Secrets.DownstreamTlsContext(tls.Certificates)));
                }
            }

            listenerResources.Add(Listeners.Listener(name, port, chains));
        }

        statuses.Add(ListenerStatuses.Of(gateway, profile.Name, verdicts, counted, listenerResources.Count, rejected));
        return (ProfileAssembler.Assemble(profile, listenerResources, routeConfigurations), statuses);
    }

    /// <summary>
    /// Why the Gateway as a whole is not accepted, if it is not. Gateway API (GatewayInfrastructure.parametersRef): "If the
    /// referent cannot be found, refers to an unsupported kind, or when the data within that resource is malformed, the
    /// Gateway SHOULD be rejected with the Accepted status condition set to False and an InvalidParameters reason." No
    /// kind of infrastructure parameters is supported, so any parametersRef is one of those.
    /// </summary>
    private static StatusCondition? Rejected(CompileContext context, GatewayModel gateway)
    {
        if (gateway.ParametersRef is not { } parameters)
        {
            return null;
        }

        var message = $"parametersRef {parameters.Kind} {parameters.Name}: no kind of infrastructure parameters is supported; the Gateway is not programmed";
        context.Error(gateway.Ref, "spec.infrastructure.parametersRef", message, Reasons.InvalidParameters);
        return new StatusCondition(Reasons.Accepted, false, Reasons.InvalidParameters, message);
    }

    /// <summary>The ext_authz policy of a connection manager: the first listener (by name) that has one, else the Gateway's.</summary>
    private static ExtAuthzPolicy? ExtAuthzOf(CompileContext context, GatewayModel gateway, IEnumerable<GatewayListeners.Usable> listeners) =>
        listeners.OrderBy(u => u.Listener.Name, StringComparer.Ordinal)
            .Select(u => context.Policies.ForGatewayListener(gateway.Ref, u.Listener.Name).ExtAuthz)
            .FirstOrDefault(p => p is not null);

    /// <summary>
    /// The listener that serves <paramref name="hostname"/> on a shared port: the most specific one whose hostname
    /// matches it (exact, then the longest wildcard, then none), as Gateway API requires. Routes attached only through
    /// a less specific listener do not serve that hostname.
    /// </summary>
    private static GatewayListener? Owner(IReadOnlyList<GatewayListener> listeners, string hostname) => listeners
        .Where(l => l.Hostname is null || string.Equals(l.Hostname, hostname, StringComparison.OrdinalIgnoreCase) || Hostnames.Covers(l.Hostname, hostname))
        .OrderByDescending(l => l.Hostname is null ? -1 : string.Equals(l.Hostname, hostname, StringComparison.OrdinalIgnoreCase) ? int.MaxValue : l.Hostname.Length)
        .FirstOrDefault();

    private static (string, string) ParentOf(ParentRef parent, HttpRouteModel route) =>
        (parent.Namespace.Length == 0 ? route.Ref.Namespace : parent.Namespace, parent.Name);
}
