using Envoy.Config.Core.V3;
using Envoy.Config.Route.V3;
using Envoy.Type.Matcher.V3;
using Google.Protobuf.WellKnownTypes;
using XdsControlPlane.Compiler.Processing;
using XdsControlPlane.Model;
using XdsControlPlane.Model.Policies;
using ModelRetryPolicy = XdsControlPlane.Model.Policies.RetryPolicy;

namespace XdsControlPlane.Compiler.Builders;

/// <summary>Builds the parts of Envoy route actions.</summary>
internal static class RouteActions
{
    /// <summary>
    /// A route action to <paramref name="backends"/>, which must hold at least one positive weight: one cluster
    /// alone, else weighted clusters without the zero weights (never a target-less action, never an all-zero split).
    /// A positive <paramref name="invalidWeight"/> keeps the share of backendRefs that did not resolve and sends it to
    /// <see cref="Names.InvalidBackendCluster"/>, a cluster that never exists, answered with 500 as Gateway API requires.
    /// </summary>
    public static RouteAction RouteAction(IReadOnlyList<ResolvedBackend> backends, int invalidWeight = 0)
    {
        var live = backends.Where(b => b.Weight > 0).Select(b => (b.ClusterName, b.Weight)).ToList();
        if (live.Count == 0)
        {
            throw new ArgumentException("a route action needs a backend with a positive weight", nameof(backends));
        }

        if (invalidWeight > 0)
        {
            live.Add((Names.InvalidBackendCluster, invalidWeight));
        }

        if (live.Count == 1)
        {
            return new RouteAction { Cluster = live[0].ClusterName };
        }

        var weighted = new WeightedCluster();
        weighted.Clusters.AddRange(live.Select(b => new WeightedCluster.Types.ClusterWeight { Name = b.ClusterName, Weight = (uint)b.Weight }));
        var action = new RouteAction { WeightedClusters = weighted };
        if (invalidWeight > 0)
        {
            action.ClusterNotFoundResponseCode = Envoy.Config.Route.V3.RouteAction.Types.ClusterNotFoundResponseCode.InternalServerError;
        }

        return action;
    }

    /// <summary>A retry policy; <paramref name="retryOn"/> is already filtered to what the client supports.</summary>
    public static Envoy.Config.Route.V3.RetryPolicy RetryPolicy(ModelRetryPolicy policy, string retryOn, TimeSpan? perTryTimeout)
    {
        var retry = new Envoy.Config.Route.V3.RetryPolicy
        {
            RetryOn = retryOn,
            NumRetries = (uint)Math.Max(1, policy.Attempts),
        };
        if (perTryTimeout is { } perTry)
        {
            retry.PerTryTimeout = Protos.Duration(perTry);
        }

        retry.RetriableStatusCodes.AddRange(policy.RetriableStatusCodes.Select(c => (uint)c));
        if (policy.BackoffBase is { } baseInterval && baseInterval > TimeSpan.Zero)
        {
            retry.RetryBackOff = new Envoy.Config.Route.V3.RetryPolicy.Types.RetryBackOff { BaseInterval = Protos.Duration(baseInterval) };
            if (policy.BackoffMax is { } max && max >= baseInterval)
            {
                retry.RetryBackOff.MaxInterval = Protos.Duration(max);
            }
        }

        return retry;
    }

    /// <summary>Hash inputs of a ring hash or maglev cluster.</summary>
    public static RouteAction.Types.HashPolicy HashPolicy(HashKey key) => key.Type switch
    {
        "Cookie" => new RouteAction.Types.HashPolicy
        {
            Cookie = new RouteAction.Types.HashPolicy.Types.Cookie { Name = key.Name ?? "", Ttl = key.CookieTtl is { } ttl ? Protos.Duration(ttl) : null },
        },
        "SourceIp" => new RouteAction.Types.HashPolicy { ConnectionProperties = new RouteAction.Types.HashPolicy.Types.ConnectionProperties { SourceIp = true } },
        _ => new RouteAction.Types.HashPolicy { Header = new RouteAction.Types.HashPolicy.Types.Header { HeaderName = key.Name ?? "" } },
    };

    /// <summary>Mirrors a share of requests to a cluster.</summary>
    public static RouteAction.Types.RequestMirrorPolicy RequestMirrorPolicy(string cluster, double percent) => new()
    {
        Cluster = cluster,
        RuntimeFraction = new RuntimeFractionalPercent { DefaultValue = Protos.Fraction(percent) },
    };

    /// <summary>A redirect.</summary>
    public static RedirectAction RedirectAction(RedirectFilter redirect, MatchKey match)
    {
        var action = new RedirectAction
        {
            ResponseCode = redirect.StatusCode switch
            {
                301 => Envoy.Config.Route.V3.RedirectAction.Types.RedirectResponseCode.MovedPermanently,
                303 => Envoy.Config.Route.V3.RedirectAction.Types.RedirectResponseCode.SeeOther,
                307 => Envoy.Config.Route.V3.RedirectAction.Types.RedirectResponseCode.TemporaryRedirect,
                308 => Envoy.Config.Route.V3.RedirectAction.Types.RedirectResponseCode.PermanentRedirect,
                _ => Envoy.Config.Route.V3.RedirectAction.Types.RedirectResponseCode.Found,
            },
        };
        if (redirect.Scheme is { } scheme)
        {
            action.SchemeRedirect = scheme;
        }

        if (redirect.Hostname is { } host)
        {
            action.HostRedirect = host;
        }

        if (redirect.Port is { } port)
        {
            action.PortRedirect = (uint)port;
        }

        switch (redirect.Path)
        {
            case { Type: "ReplaceFullPath" } full:
                action.PathRedirect = full.Value;
                break;
            case { Type: "ReplacePrefixMatch" } prefix when match.PathType == MatchKey.Prefix && prefix.Value == "/" && match.Path != "/":
                action.RegexRewrite = StripPrefix(match.Path);
                break;
            case { Type: "ReplacePrefixMatch" } prefix:
                action.PrefixRewrite = prefix.Value;
                break;
        }

        return action;
    }

    /// <summary>Applies a URL rewrite to <paramref name="action"/>.</summary>
    public static void ApplyRewrite(RouteAction action, RewriteFilter rewrite, MatchKey match)
    {
        if (rewrite.Hostname is { } host)
        {
            action.HostRewriteLiteral = host;
        }

        switch (rewrite.Path)
        {
            case { Type: "ReplaceFullPath" } full:
                action.RegexRewrite = new RegexMatchAndSubstitute { Pattern = new RegexMatcher { Regex = "^/.*$" }, Substitution = full.Value };
                break;
            case { Type: "ReplacePrefixMatch" } prefix when match.PathType == MatchKey.Prefix && prefix.Value == "/" && match.Path != "/":
                action.RegexRewrite = StripPrefix(match.Path);
                break;
            case { Type: "ReplacePrefixMatch" } prefix:
                action.PrefixRewrite = prefix.Value;
                break;
        }
    }

    /// <summary>
    /// Replacing a prefix by <c>/</c> with a plain prefix rewrite turns <c>/api/x</c> into <c>//x</c>; a regex that
    /// also swallows the separator gives <c>/x</c>.
    /// </summary>
    private static RegexMatchAndSubstitute StripPrefix(string prefix) => new()
    {
        Pattern = new RegexMatcher { Regex = $"^{Re2.Escape(prefix.TrimEnd('/'))}/*" },
        Substitution = "/",
    };

    /// <summary>Header additions: <c>set</c> overwrites, <c>add</c> appends.</summary>
    public static IEnumerable<HeaderValueOption> HeaderValueOptions(HeaderModifier modifier) =>
        modifier.Set.Select(h => HeaderValueOption(h, Envoy.Config.Core.V3.HeaderValueOption.Types.HeaderAppendAction.OverwriteIfExistsOrAdd))
            .Concat(modifier.Add.Select(h => HeaderValueOption(h, Envoy.Config.Core.V3.HeaderValueOption.Types.HeaderAppendAction.AppendIfExistsOrAdd)));

    private static HeaderValueOption HeaderValueOption(KeyValuePair<string, string> header, Envoy.Config.Core.V3.HeaderValueOption.Types.HeaderAppendAction action) => new()
    {
        Header = new HeaderValue { Key = header.Key, Value = header.Value },
        AppendAction = action,
    };
}
