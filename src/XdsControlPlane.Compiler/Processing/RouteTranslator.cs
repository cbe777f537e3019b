using Envoy.Config.Route.V3;
using XdsControlPlane.Compiler.Builders;
using XdsControlPlane.Model;
using XdsControlPlane.Model.Policies;
using EnvoyRoute = Envoy.Config.Route.V3.Route;

namespace XdsControlPlane.Compiler.Processing;

/// <summary>Turns one route entry into an Envoy route for one profile, reporting what the profile cannot express.</summary>
internal static class RouteTranslator
{
    /// <summary>
    /// The Envoy route of <paramref name="entry"/> under the effective policy <paramref name="spec"/>, or null when the
    /// profile cannot serve it. A route action always has a target: without a live backend the gateway answers 500 and
    /// proxyless clients do not get the route at all (they would fail every call on a target-less action).
    /// </summary>
    public static EnvoyRoute? Translate(ProfileState profile, HcmFilters filters, RouteEntry entry, PolicySpec spec)
    {
        var context = profile.Context;
        var owner = entry.Route.Ref;
        var route = new EnvoyRoute { Name = entry.Name, Match = RouteMatches.RouteMatch(entry.Key, profile.Proxyless) };
        if (profile.Proxyless && !ProxylessCanMatch(context, entry))
        {
            return null;
        }

        RedirectFilter? redirect = null;
        RewriteFilter? rewrite = null;
        var mirrors = new List<(ResolvedBackend Backend, double Percent)>();
        for (var f = 0; f < entry.Rule.Filters.Count; f++)
        {
            var filter = entry.Rule.Filters[f];
            var field = $"{Names.RuleField(entry.RuleIndex)}.filters[{f}]";
            if (profile.Proxyless)
            {
                context.Error(owner, field, $"filter {filter.Type} is not supported by proxyless gRPC clients; ignored for them", Reasons.UnsupportedValue);
                continue;
            }

            switch (filter)
            {
                case { Type: "RequestHeaderModifier", RequestHeaders: { } headers }:
                    route.RequestHeadersToAdd.AddRange(RouteActions.HeaderValueOptions(headers));
                    route.RequestHeadersToRemove.AddRange(headers.Remove);
                    break;
                case { Type: "ResponseHeaderModifier", ResponseHeaders: { } headers }:
                    route.ResponseHeadersToAdd.AddRange(RouteActions.HeaderValueOptions(headers));
                    route.ResponseHeadersToRemove.AddRange(headers.Remove);
                    break;
                case { Type: "RequestRedirect", Redirect: { } r }:
                    redirect = r;
                    break;
                case { Type: "URLRewrite", Rewrite: { } r }:
                    rewrite = r;
                    break;
                case { Type: "RequestMirror", Mirror: { } mirror }:
                    if (Backends.Resolve(context, owner, $"{field}.requestMirror.backendRef", mirror.Backend, out _) is { } target)
                    {
                        mirrors.Add((target, mirror.Percent));
                    }

                    break;
                default:
                    context.Error(owner, field, $"filter type '{filter.Type}' is not supported or has no settings", Reasons.UnsupportedValue);
                    break;
            }
        }

        if (redirect is not null)
        {
            route.Redirect = RouteActions.RedirectAction(redirect, entry.Key);
            filters.Apply(route, spec, PolicyScope(entry));
            return route;
        }

        if (!entry.Backends.Any(b => b.Weight > 0))
        {
            var why = entry.Rule.Backends.Count == 0 ? "the rule has no backendRefs"
                : entry.Backends.Count == entry.Rule.Backends.Count ? "the weights of its backendRefs sum to zero"
                : "none of its backendRefs resolves to a backend with a positive weight";
            var field = $"{Names.RuleField(entry.RuleIndex)}.backendRefs";
            if (profile.Proxyless)
            {
                context.Error(owner, field, $"{why}; route left out for proxyless gRPC clients", Reasons.UnsupportedValue);
                return null;
            }

            context.Error(owner, field, $"{why}; requests get {Defaults.InvalidBackendStatus}", Reasons.UnsupportedValue);
            route.DirectResponse = new DirectResponseAction { Status = Defaults.InvalidBackendStatus };
            return route;
        }

        // Proxyless clients fail calls to unknown clusters differently and cannot be given one: the share is dropped there.
        var action = RouteActions.RouteAction(entry.Backends, profile.Proxyless ? 0 : entry.InvalidWeight);
        foreach (var backend in entry.Backends)
        {
            profile.UseCluster(backend.Service, backend.Port, entry.IsGrpc);
        }

        ApplyTimeouts(profile.Proxyless, action, entry.Rule, spec);
        foreach (var key in HashKeys(profile, entry.Backends))
        {
            action.HashPolicy.Add(RouteActions.HashPolicy(key));
        }

        if (rewrite is not null)
        {
            RouteActions.ApplyRewrite(action, rewrite, entry.Key);
        }

        foreach (var (target, percent) in mirrors)
        {
            profile.UseCluster(target.Service, target.Port, entry.IsGrpc);
            action.RequestMirrorPolicies.Add(RouteActions.RequestMirrorPolicy(target.ClusterName, percent));
        }

        route.Route_ = action;
        filters.Apply(route, spec, PolicyScope(entry));
        return route;
    }

    /// <summary>Retries, timeouts: the rule's own timeouts win over policy timeouts.</summary>
    public static void ApplyTimeouts(bool proxyless, RouteAction action, RouteRule? rule, PolicySpec spec)
    {
        var request = rule?.RequestTimeout ?? spec.Timeout?.Request;
        var backendRequest = rule?.BackendRequestTimeout;
        if (proxyless)
        {
            // gRPC clients ignore route timeout; max_stream_duration is their per-call deadline (gRFC A31).
            if ((request ?? backendRequest) is { } deadline)
            {
                action.MaxStreamDuration = new RouteAction.Types.MaxStreamDuration { MaxStreamDuration_ = Protos.Duration(deadline) };
            }

            if (spec.Retry is { } grpcRetry && ProxylessRetryOn(grpcRetry) is { Length: > 0 } on)
            {
                // gRPC has no per-try timeout (gRFC A44); the retry policy carries conditions, attempts and backoff.
                action.RetryPolicy = RouteActions.RetryPolicy(grpcRetry, on, null);
            }

            return;
        }

        if (spec.Retry is { } retry)
        {
            var on = retry.On.Count == 0 ? Defaults.GatewayRetryOn : string.Join(",", retry.On);
            action.RetryPolicy = RouteActions.RetryPolicy(retry, on, retry.PerTryTimeout ?? backendRequest);
            if (request is { } total)
            {
                action.Timeout = Protos.Duration(total);
            }
        }
        else if ((request ?? backendRequest) is { } timeout)
        {
            action.Timeout = Protos.Duration(request is { } r && backendRequest is { } b && b < r ? b : timeout);
        }

        if (spec.Timeout?.Idle is { } idle)
        {
            action.IdleTimeout = Protos.Duration(idle);
        }
    }

    /// <summary>The gRPC retry conditions of a policy (others are reported by the policy checks).</summary>
    public static string ProxylessRetryOn(Model.Policies.RetryPolicy retry) => retry.On.Count == 0
        ? Defaults.ProxylessRetryOn
        : string.Join(",", retry.On.Where(Defaults.ProxylessRetryConditions.Contains));

    /// <summary>Hash inputs of the backends balanced by ring hash or maglev (proxyless clients hash on headers only).</summary>
    public static IEnumerable<HashKey> HashKeys(ProfileState profile, IEnumerable<ResolvedBackend> backends) => backends
        .Where(b => b.Weight > 0)
        .Select(b => profile.Context.Policies.ForService(b.Service.Ref, b.Port).LoadBalancer)
        .Where(lb => lb is { Type: "RingHash" } || (lb is { Type: "Maglev" } && !profile.Proxyless))
        .SelectMany(lb => lb!.HashOn)
        .Where(k => !profile.Proxyless || k.Type == "Header")
        .Distinct();

    /// <summary>Name prefix of the RBAC policies of an entry.</summary>
    public static string PolicyScope(RouteEntry entry) => Names.Route(entry.Route.Ref, entry.RuleIndex, entry.MatchIndex);

    private static bool ProxylessCanMatch(CompileContext context, RouteEntry entry)
    {
        string? problem = entry.Key.QueryParams.Count > 0 ? "query parameter matches"
            : entry.Key.Method is not null && entry.Key.Method != "POST" ? $"method {entry.Key.Method} matches (gRPC calls are POST)"
            : null;
        if (problem is null)
        {
            return true;
        }

        context.Error(entry.Route.Ref, entry.MatchField, $"{problem} are not supported by proxyless gRPC clients; match left out for them", Reasons.UnsupportedValue);
        return false;
    }
}
