using Envoy.Config.Cluster.V3;
using Envoy.Config.Route.V3;
using Google.Protobuf;
using XdsControlPlane.Compiler.Builders;

namespace XdsControlPlane.Compiler.Encodings;

/// <summary>
/// Turns a resource of the proxyless profile into what clients of a <see cref="ClientEncoding"/> get. Pure: the input
/// is never modified; a resource the encoding does not touch is reported unchanged (null), so a variant costs only
/// the resources that really differ.
/// </summary>
public static class EncodingRewriter
{
    /// <summary>
    /// <paramref name="resource"/> as clients of <paramref name="encoding"/> get it, or null when they get it as it is.
    /// Only RouteConfigurations and Clusters ever change.
    /// </summary>
    public static IMessage? Rewrite(IMessage resource, ClientEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(encoding);
        return resource switch
        {
            RouteConfiguration config when Touches(config, encoding) => Rewritten(config, encoding),
            Cluster { LbPolicy: Cluster.Types.LbPolicy.RingHash } cluster when encoding.Makes(EncodingChanges.NoRingHash) => RoundRobin(cluster),
            _ => null,
        };
    }

    // Loops, not LINQ: every route configuration of the proxyless profile passes here for every variant.
    private static bool Touches(RouteConfiguration config, ClientEncoding encoding)
    {
        foreach (var host in config.VirtualHosts)
        {
            foreach (var route in host.Routes)
            {
                if (Touches(route, encoding))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool Touches(Route route, ClientEncoding encoding)
    {
        if (encoding.Makes(EncodingChanges.LegacyHeaderMatchers) && route.Match is { } match)
        {
            foreach (var header in match.Headers)
            {
                if (header.HeaderMatchSpecifierCase == HeaderMatcher.HeaderMatchSpecifierOneofCase.StringMatch)
                {
                    return true;
                }
            }
        }

        return route.Route_ is { } action
            && ((encoding.Makes(EncodingChanges.WeightedClusterTotalWeight) && action.WeightedClusters is { } weighted && TotalWeight(weighted) is null)
                || (encoding.Makes(EncodingChanges.NoRingHash) && action.HashPolicy.Count > 0));
    }

    private static RouteConfiguration Rewritten(RouteConfiguration config, ClientEncoding encoding)
    {
        var copy = config.Clone();
        foreach (var route in copy.VirtualHosts.SelectMany(v => v.Routes))
        {
            if (encoding.Makes(EncodingChanges.LegacyHeaderMatchers) && route.Match is { } match)
            {
                for (var i = 0; i < match.Headers.Count; i++)
                {
                    match.Headers[i] = LegacyMatchers.OneOfForm(match.Headers[i]) ?? match.Headers[i];
                }
            }

            if (route.Route_ is not { } action)
            {
                continue;
            }

            if (encoding.Makes(EncodingChanges.WeightedClusterTotalWeight) && action.WeightedClusters is { } weighted && TotalWeight(weighted) is null)
            {
                SetTotalWeight(weighted, (uint)weighted.Clusters.Sum(c => (long)(c.Weight ?? 0)));
            }

            if (encoding.Makes(EncodingChanges.NoRingHash))
            {
                action.HashPolicy.Clear();
            }
        }

        return copy;
    }

    private static Cluster RoundRobin(Cluster cluster)
    {
        var copy = cluster.Clone();
        copy.LbPolicy = Cluster.Types.LbPolicy.RoundRobin;
        copy.RingHashLbConfig = null;
        return copy;
    }

    // total_weight is deprecated in the Envoy API (hence CS0612); the releases that need it know nothing else.
#pragma warning disable CS0612
    private static uint? TotalWeight(WeightedCluster weighted) => weighted.TotalWeight;

    private static void SetTotalWeight(WeightedCluster weighted, uint total) => weighted.TotalWeight = total;
#pragma warning restore CS0612
}
