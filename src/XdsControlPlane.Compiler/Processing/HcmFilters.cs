using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using XdsControlPlane.Compiler.Builders;
using XdsControlPlane.Model;
using XdsControlPlane.Model.Policies;

namespace XdsControlPlane.Compiler.Processing;

/// <summary>
/// The HTTP filters of one HttpConnectionManager. Every policy-driven filter is configured per route
/// (<c>typed_per_filter_config</c>) from the route's effective policy, so Gateway-, listener-, route- and
/// rule-level policies all take the same path; the connection manager carries each used filter once with a
/// config that does nothing by itself, then the router. A proxyless connection manager always carries the fault
/// filter and every proxyless route a fault config, so fault policies travel as route configuration changes only.
/// </summary>
/// <remarks>
/// External authorization cannot change its service per route, so it is configured on the connection manager
/// from the Gateway listener's (or Gateway's) policy: <paramref name="extAuthz"/>.
/// </remarks>
internal sealed class HcmFilters(ProfileState profile, ExtAuthzPolicy? extAuthz)
{
    private readonly SortedSet<string> _used = new(StringComparer.Ordinal);
    private readonly JwtFilterBuilder _jwt = new();
    private readonly bool _proxyless = profile.Proxyless;

    /// <summary>
    /// Adds the per-route configs <paramref name="spec"/> calls for to <paramref name="route"/>. A required JWT policy
    /// none of whose providers has usable keys (reported by the policy checks) makes the route answer 401, and an
    /// external authorization service that does not resolve makes it answer 503, instead of letting requests through unchecked.
    /// </summary>
    public void Apply(Route route, PolicySpec spec, string policyScope)
    {
        var configs = new SortedDictionary<string, IMessage>(StringComparer.Ordinal);
        if (!_proxyless && extAuthz is not null && Resolve(extAuthz.Backend) is null)
        {
            // The authorization service does not resolve (reported on the policy): refuse rather than skip the check.
            route.DirectResponse = new DirectResponseAction { Status = Defaults.AuthorizationUnavailableStatus };
            return;
        }

        if (!_proxyless && spec.Jwt is { } declared)
        {
            var usable = declared with { Providers = declared.Providers.Where(p => p.JwksInline is not null || (p.JwksUri is not null && Resolve(p.JwksBackend) is not null)).ToEquatableArray() };
            if (usable.Providers.Count == 0 && declared.Required)
            {
                route.DirectResponse = new DirectResponseAction { Status = Defaults.AuthenticationUnavailableStatus };
                return;
            }

            spec = spec with { Jwt = usable };
        }

        if (!_proxyless && spec.Cors is { } cors)
        {
            configs[HttpFilters.Cors] = HttpFilters.CorsPolicy(cors);
        }

        if (!_proxyless && spec.Jwt is { } jwt && _jwt.Requirement(jwt) is { } requirement)
        {
            configs[HttpFilters.Jwt] = requirement;
        }

        // gRPC implements RBAC for xDS servers only; an RBAC filter on a client's API listener is rejected.
        if (!_proxyless && spec.Rbac is { } rbac)
        {
            configs[HttpFilters.Rbac] = RbacFilters.RBACPerRoute(rbac, policyScope);
        }

        if (!_proxyless && spec.RateLimit is { } rateLimit && PolicyChecks.IsUsable(rateLimit))
        {
            configs[HttpFilters.LocalRateLimit] = HttpFilters.LocalRateLimitPerRoute(rateLimit);
        }

        if (_proxyless)
        {
            // Every proxyless route carries a fault config, so adding or removing a fault policy changes the config's
            // bytes, never only adds a map entry: @grpc/grpc-js-xds 1.14.1 misses added entries (see ProxylessHTTPFault).
            configs[HttpFilters.Fault] = HttpFilters.ProxylessHTTPFault(spec.Fault);
        }
        else if (spec.Fault is { } fault)
        {
            configs[HttpFilters.Fault] = HttpFilters.HTTPFault(fault);
        }

        foreach (var name in HttpFilters.Order)
        {
            if (configs.TryGetValue(name, out var config))
            {
                route.TypedPerFilterConfig.Add(name, Any.Pack(config));
                _used.Add(name);
            }
        }
    }

    /// <summary>The connection manager's filters in <see cref="HttpFilters.Order"/>, router last.</summary>
    public IEnumerable<HttpFilter> Build()
    {
        foreach (var name in HttpFilters.Order)
        {
            if (name == HttpFilters.Router)
            {
                yield return HttpFilters.RouterFilter();
            }
            else if (name == HttpFilters.ExtAuthz)
            {
                if (!_proxyless && extAuthz is not null && Resolve(extAuthz.Backend) is { } backend)
                {
                    profile.UseCluster(backend.Service, backend.Port, grpc: true);
                    yield return HttpFilters.HttpFilter(name, AuthFilters.ExtAuthz(extAuthz, backend.ClusterName));
                }
            }
            else if (_used.Contains(name) || (_proxyless && name == HttpFilters.Fault))
            {
                // A proxyless listener always carries the fault filter: @grpc/grpc-js-xds 1.14.1 stores a Listener
                // update whose route configuration name is unchanged without rebuilding its routing
                // (XdsDependencyManager's LDS watcher), so a filter added later would reach no call.
                yield return name switch
                {
                    HttpFilters.Cors => HttpFilters.HttpFilter(name, HttpFilters.CorsFilter()),
                    HttpFilters.Jwt => HttpFilters.HttpFilter(name, _jwt.Build(profile)),
                    HttpFilters.Rbac => HttpFilters.HttpFilter(name, RbacFilters.RBAC()),
                    HttpFilters.LocalRateLimit => HttpFilters.HttpFilter(name, HttpFilters.LocalRateLimitFilter()),
                    _ => HttpFilters.HttpFilter(name, new Envoy.Extensions.Filters.Http.Fault.V3.HTTPFault()),
                };
            }
        }
    }

    /// <summary>A policy's backend as a Service port, or null (policy checks have reported it).</summary>
    private ResolvedBackend? Resolve(Model.BackendRef? backend) =>
        backend is not null && profile.Context.Service(backend.Namespace, backend.Name) is { } service && service.Ports.FirstOrDefault(p => p.Port == backend.Port) is { } port
            ? new ResolvedBackend(service, port, backend.Weight)
            : null;
}
