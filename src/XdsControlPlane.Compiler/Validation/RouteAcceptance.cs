using Envoy.Config.Core.V3;
using Envoy.Config.Route.V3;
using Envoy.Type.Matcher.V3;
using Google.Protobuf.Collections;

namespace XdsControlPlane.Compiler.Validation;

/// <summary>
/// The <see cref="EnvoyRules"/> of a RouteConfiguration: a route that breaks one is left out, a virtual host whose
/// domain duplicates an earlier one is left out; the rest of the configuration is served.
/// </summary>
internal static class RouteAcceptance
{
    /// <summary>
    /// <paramref name="config"/> without what Envoy would reject (the same instance when nothing), adding each
    /// violation to <paramref name="violations"/>. <paramref name="clusters"/>: the profile's cluster names, for
    /// <c>validate_clusters</c>.
    /// </summary>
    public static RouteConfiguration Check(RouteConfiguration config, IReadOnlySet<string> clusters, List<EnvoyRuleViolation> violations)
    {
        var before = violations.Count;
        HashSet<(int Host, int Route)>? routes = null;
        HashSet<int>? hosts = null;
        var validateClusters = config.ValidateClusters == true;
        for (var h = 0; h < config.VirtualHosts.Count; h++)
        {
            var host = config.VirtualHosts[h];
            for (var r = 0; r < host.Routes.Count; r++)
            {
                if (Route(config, host.Routes[r], $"virtual_hosts[{h}].routes[{r}]", validateClusters, clusters, violations))
                {
                    (routes ??= []).Add((h, r));
                }
            }

            if (Headers(config, host.RequestHeadersToAdd, host.RequestHeadersToRemove, host.ResponseHeadersToAdd, host.ResponseHeadersToRemove, $"virtual_hosts[{h}]", "virtual host", violations)
                || TypedConfigs(config, host.TypedPerFilterConfig, $"virtual_hosts[{h}]", "virtual host", violations))
            {
                (hosts ??= []).Add(h);
            }
        }

        foreach (var h in DuplicateDomains(config, hosts, violations))
        {
            (hosts ??= []).Add(h);
        }

        var configLevel = Headers(config, config.RequestHeadersToAdd, config.RequestHeadersToRemove, config.ResponseHeadersToAdd, config.ResponseHeadersToRemove, string.Empty, "header options", violations);
        return violations.Count == before ? config : Without(config, routes, hosts, configLevel);
    }

    /// <summary>Whether the route breaks a rule (reported).</summary>
    private static bool Route(RouteConfiguration config, Route route, string path, bool validateClusters, IReadOnlySet<string> clusters, List<EnvoyRuleViolation> violations)
    {
        var count = violations.Count;
        void Report(EnvoyRule rule, string field, string message, string? sourceField = null) =>
            violations.Add(new EnvoyRuleViolation(rule, config, path + field, message, "route", sourceField));

        if (route.Match is { } match)
        {
            Regex(match.SafeRegex, ".match.safe_regex", Report);
            for (var i = 0; i < match.Headers.Count; i++)
            {
#pragma warning disable CS0612 // the older header matcher forms are deprecated but still read by Envoy
                Regex(match.Headers[i].SafeRegexMatch, $".match.headers[{i}].safe_regex_match", Report);
#pragma warning restore CS0612
                Regex(match.Headers[i].StringMatch?.SafeRegex, $".match.headers[{i}].string_match.safe_regex", Report);
            }

            for (var i = 0; i < match.QueryParameters.Count; i++)
            {
                Regex(match.QueryParameters[i].StringMatch?.SafeRegex, $".match.query_parameters[{i}].string_match.safe_regex", Report);
            }
        }

        if (route.Route_ is { } action)
        {
            Regex(action.RegexRewrite?.Pattern, ".route.regex_rewrite.pattern", Report);
            if (action.WeightedClusters is { } weighted)
            {
                var sum = weighted.Clusters.Sum(c => (long)(c.Weight ?? 0));
                if (sum == 0 || sum > uint.MaxValue)
                {
                    Report(EnvoyRules.WeightsSumToZero, ".route.weighted_clusters", sum == 0
                        ? "the weights of its weighted clusters sum to 0"
                        : $"the weights of its weighted clusters sum to {sum}, more than {uint.MaxValue}");
                }
            }

            if (validateClusters)
            {
                foreach (var (name, field) in Targets(action).Where(t => !clusters.Contains(t.Name)))
                {
                    Report(EnvoyRules.UnknownCluster, field, $"cluster '{name}' does not exist and the route configuration has validate_clusters");
                }
            }
        }

        Regex(route.Redirect?.RegexRewrite?.Pattern, ".redirect.regex_rewrite.pattern", Report);
        Headers(config, route.RequestHeadersToAdd, route.RequestHeadersToRemove, route.ResponseHeadersToAdd, route.ResponseHeadersToRemove, path, "route", violations, "filters");
        TypedConfigs(config, route.TypedPerFilterConfig, path, "route", violations);
        return violations.Count > count;
    }

    private static IEnumerable<(string Name, string Field)> Targets(RouteAction action)
    {
        if (action.ClusterSpecifierCase == RouteAction.ClusterSpecifierOneofCase.Cluster)
        {
            yield return (action.Cluster, ".route.cluster");
        }

        for (var i = 0; i < (action.WeightedClusters?.Clusters.Count ?? 0); i++)
        {
            yield return (action.WeightedClusters!.Clusters[i].Name, $".route.weighted_clusters.clusters[{i}].name");
        }

        for (var i = 0; i < action.RequestMirrorPolicies.Count; i++)
        {
            yield return (action.RequestMirrorPolicies[i].Cluster, $".route.request_mirror_policies[{i}].cluster");
        }
    }

    private static void Regex(RegexMatcher? regex, string field, Action<EnvoyRule, string, string, string?> report)
    {
        if (regex is not null && !Builders.Re2.IsValid(regex.Regex, out var problem))
        {
            report(EnvoyRules.InvalidRegex, field, problem ?? $"'{regex.Regex}' is not RE2", null);
        }
    }

    /// <summary>Header options that add, set or remove a pseudo-header or host (reported; true when any).</summary>
    private static bool Headers(RouteConfiguration config, RepeatedField<HeaderValueOption> requestAdd, RepeatedField<string> requestRemove,
        RepeatedField<HeaderValueOption> responseAdd, RepeatedField<string> responseRemove, string path, string leftOut, List<EnvoyRuleViolation> violations, string? sourceField = null)
    {
        if (requestAdd.Count + requestRemove.Count + responseAdd.Count + responseRemove.Count == 0)
        {
            return false;
        }

        var count = violations.Count;
        var prefix = path.Length == 0 ? string.Empty : path + ".";
        foreach (var (list, field) in new[] { (requestAdd, "request_headers_to_add"), (responseAdd, "response_headers_to_add") })
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i].Header is { } header && !Modifiable(header.Key))
                {
                    violations.Add(new EnvoyRuleViolation(EnvoyRules.UnmodifiableHeader, config, $"{prefix}{field}[{i}].header.key",
                        $"header '{header.Key}' may not be modified (:-prefixed or host)", leftOut, sourceField));
                }
            }
        }

        foreach (var (list, field) in new[] { (requestRemove, "request_headers_to_remove"), (responseRemove, "response_headers_to_remove") })
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (!Modifiable(list[i]))
                {
                    violations.Add(new EnvoyRuleViolation(EnvoyRules.UnmodifiableHeader, config, $"{prefix}{field}[{i}]",
                        $"header '{list[i]}' may not be removed (:-prefixed or host)", leftOut, sourceField));
                }
            }
        }

        return violations.Count > count;
    }

    // Envoy's HeaderUtility::isModifiableHeader and isRemovableHeader: not :-prefixed, not host (any case).
    private static bool Modifiable(string header) => !header.StartsWith(':') && !header.Equals("host", StringComparison.OrdinalIgnoreCase);

    private static bool TypedConfigs(RouteConfiguration config, MapField<string, Google.Protobuf.WellKnownTypes.Any> typed, string path, string leftOut, List<EnvoyRuleViolation> violations)
    {
        var count = violations.Count;
        foreach (var (name, any) in typed)
        {
            if (!KnownTypeUrls.IsKnown(any.TypeUrl))
            {
                violations.Add(new EnvoyRuleViolation(EnvoyRules.UnknownTypedConfig, config, $"{path}.typed_per_filter_config[\"{name}\"]",
                    $"the config of filter '{name}' has type URL '{any.TypeUrl}', which names no Envoy type", leftOut));
            }
        }

        return violations.Count > count;
    }

    /// <summary>Virtual hosts (indices) whose domain an earlier one already has, compared lower-cased as Envoy does (reported).</summary>
    private static IEnumerable<int> DuplicateDomains(RouteConfiguration config, HashSet<int>? dropped, List<EnvoyRuleViolation> violations)
    {
        if (config.VirtualHosts.Count == 1 && config.VirtualHosts[0].Domains.Count <= 1)
        {
            yield break;
        }

        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var h = 0; h < config.VirtualHosts.Count; h++)
        {
            var host = config.VirtualHosts[h];
            if (dropped?.Contains(h) == true)
            {
                continue;
            }

            var domains = host.Domains.Select(d => d.ToLowerInvariant()).ToList();
            var duplicate = domains.Where((d, i) => seen.ContainsKey(d) || domains.IndexOf(d) != i).FirstOrDefault();
            if (duplicate is null)
            {
                domains.ForEach(d => seen[d] = host.Name);
                continue;
            }

            var message = duplicate == "*"
                ? "a second virtual host with domain \"*\" (only one is allowed)"
                : $"domain '{duplicate}' is already served by virtual host '{seen.GetValueOrDefault(duplicate, host.Name)}' (domains are compared lower-cased)";
            var paths = host.Routes.Count == 0 ? [$"virtual_hosts[{h}]"] : Enumerable.Range(0, host.Routes.Count).Select(r => $"virtual_hosts[{h}].routes[{r}]");
            violations.AddRange(paths.Select(p => new EnvoyRuleViolation(EnvoyRules.DuplicateDomain, config, p, message, "virtual host", "hostnames")));
            yield return h;
        }
    }

    private static RouteConfiguration Without(RouteConfiguration config, HashSet<(int Host, int Route)>? routes, HashSet<int>? hosts, bool headerOptions)
    {
        var copy = config.Clone();
        for (var h = copy.VirtualHosts.Count - 1; h >= 0; h--)
        {
            if (hosts?.Contains(h) == true)
            {
                copy.VirtualHosts.RemoveAt(h);
                continue;
            }

            for (var r = copy.VirtualHosts[h].Routes.Count - 1; r >= 0; r--)
            {
                if (routes?.Contains((h, r)) == true)
                {
                    copy.VirtualHosts[h].Routes.RemoveAt(r);
                }
            }
        }

        if (headerOptions)
        {
            copy.RequestHeadersToAdd.Clear();
            copy.RequestHeadersToRemove.Clear();
            copy.ResponseHeadersToAdd.Clear();
            copy.ResponseHeadersToRemove.Clear();
        }

        return copy;
    }
}
