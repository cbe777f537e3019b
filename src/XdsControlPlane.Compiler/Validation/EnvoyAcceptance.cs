using Envoy.Config.Cluster.V3;
using Envoy.Config.Route.V3;

namespace XdsControlPlane.Compiler.Validation;

/// <summary>
/// The pre-publish check of the rules Envoy enforces when it loads a configuration beyond the <c>validate</c>
/// annotations (<see cref="EnvoyRules"/>), over one profile's resources at once (some rules span resources: listener
/// names and addresses, clusters routes name). What breaks a rule is left out at the smallest level that removes the
/// problem (a route, a virtual host, a filter chain, a listener, a cluster); everything else is served. One pass over
/// the resources, no full parse of packed configs: cheap enough to run on every compilation.
/// </summary>
public static class EnvoyAcceptance
{
    /// <summary>
    /// <paramref name="profile"/> as Envoy would accept it (the same instance when nothing breaks a rule; resources that
    /// change are copies, the input is never modified) and every violation, in resource order.
    /// </summary>
    public static (ProfileResources Accepted, IReadOnlyList<EnvoyRuleViolation> Violations) Check(ProfileResources profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var violations = new List<EnvoyRuleViolation>();
        var listeners = ListenerAcceptance.Check(profile.Listeners, violations);
        var clusters = Clusters(profile.Clusters, violations);
        HashSet<string>? names = null;
        IReadOnlySet<string> ClusterNames() => names ??= clusters.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);

        RouteConfiguration[]? routes = null;
        for (var i = 0; i < profile.RouteConfigurations.Count; i++)
        {
            var config = profile.RouteConfigurations[i];
            var accepted = RouteAcceptance.Check(config, config.ValidateClusters == true ? ClusterNames() : EmptySet, violations);
            if (!ReferenceEquals(accepted, config))
            {
                (routes ??= [.. profile.RouteConfigurations])[i] = accepted;
            }
        }

        return violations.Count == 0
            ? (profile, violations)
            : (profile with { Listeners = listeners, Clusters = clusters, RouteConfigurations = routes ?? profile.RouteConfigurations }, violations);
    }

    private static readonly IReadOnlySet<string> EmptySet = new HashSet<string>();

    /// <summary>Clusters whose typed configs name types Envoy knows (the rest reported and left out).</summary>
    private static IReadOnlyList<Cluster> Clusters(IReadOnlyList<Cluster> clusters, List<EnvoyRuleViolation> violations)
    {
        List<Cluster>? accepted = null;
        for (var i = 0; i < clusters.Count; i++)
        {
            var cluster = clusters[i];
            var before = violations.Count;
            if (cluster.TransportSocket?.TypedConfig is { } socket && !KnownTypeUrls.IsKnown(socket.TypeUrl))
            {
                violations.Add(new EnvoyRuleViolation(EnvoyRules.UnknownTypedConfig, cluster, "transport_socket.typed_config",
                    $"the transport socket has type URL '{socket.TypeUrl}', which names no Envoy type", "cluster"));
            }

            foreach (var (key, options) in cluster.TypedExtensionProtocolOptions)
            {
                if (!KnownTypeUrls.IsKnown(options.TypeUrl))
                {
                    violations.Add(new EnvoyRuleViolation(EnvoyRules.UnknownTypedConfig, cluster, $"typed_extension_protocol_options[\"{key}\"]",
                        $"protocol options '{key}' have type URL '{options.TypeUrl}', which names no Envoy type", "cluster"));
                }
            }

            if (violations.Count > before)
            {
                accepted ??= [.. clusters.Take(i)];
            }
            else
            {
                accepted?.Add(cluster);
            }
        }

        return accepted ?? clusters;
    }
}
