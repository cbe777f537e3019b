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
                if (Route(new Site(config, h, r, violations), host.Routes[r], validateClusters, clusters))
                {
                    (routes ??= []).Add((h, r));
                }
            }

            var site = new Site(config, h, -1, violations);
            if (Headers(site, host.RequestHeadersToAdd, host.RequestHeadersToRemove, host.ResponseHeadersToAdd, host.ResponseHeadersToRemove, "virtual host")
                | TypedConfigs(site, host.TypedPerFilterConfig, "virtual host"))
            {
                (hosts ??= []).Add(h);
            }
        }

        if (config.VirtualHosts.Count > 1 || (config.VirtualHosts.Count == 1 && config.VirtualHosts[0].Domains.Count > 1))
        {
            foreach (var h in DuplicateDomains(config, hosts, violations))
            {
                (hosts ??= []).Add(h);
            }
        }

        var configLevel = Headers(new Site(config, -1, -1, violations), config.RequestHeadersToAdd, config.RequestHeadersToRemove,
            config.ResponseHeadersToAdd, config.ResponseHeadersToRemove, "header options");
        return violations.Count == before ? config : Without(config, routes, hosts, configLevel);
    }

    /// <summary>Whether the route breaks a rule (reported). Nothing is allocated for a route that breaks none.</summary>
    private static bool Route(Site site, Route route, bool validateClusters, IReadOnlySet<string> clusters)
    {
        var count = site.Violations.Count;
        if (route.Match is { } match)
        {
            Regex(site, match.SafeRegex, ".match.safe_regex");
            for (var i = 0; i < match.Headers.Count; i++)
            {
#pragma warning disable CS0612 // the older header matcher forms are deprecated but still read by Envoy
                Regex(site, match.Headers[i].SafeRegexMatch, ".match.headers", i, ".safe_regex_match");
#pragma warning restore CS0612
                Regex(site, match.Headers[i].StringMatch?.SafeRegex, ".match.headers", i, ".string_match.safe_regex");
            }

            for (var i = 0; i < match.QueryParameters.Count; i++)
            {
                Regex(site, match.QueryParameters[i].StringMatch?.SafeRegex, ".match.query_parameters", i, ".string_match.safe_regex");
            }
        }

        if (route.Route_ is { } action)
        {
            Regex(site, action.RegexRewrite?.Pattern, ".route.regex_rewrite.pattern");
            if (action.WeightedClusters is { } weighted)
            {
                long sum = 0;
                foreach (var cluster in weighted.Clusters)
                {
                    sum += cluster.Weight ?? 0;
                }

                if (sum == 0 || sum > uint.MaxValue)
                {
                    site.Report(EnvoyRules.WeightsSumToZero, ".route.weighted_clusters", sum == 0
                        ? "the weights of its weighted clusters sum to 0"
                        : $"the weights of its weighted clusters sum to {sum}, more than {uint.MaxValue}", "route");
                }
            }

            if (validateClusters)
            {
                foreach (var (name, field) in Targets(action).Where(t => !clusters.Contains(t.Name)))
                {
                    site.Report(EnvoyRules.UnknownCluster, field, $"cluster '{name}' does not exist and the route configuration has validate_clusters", "route");
                }
            }
        }

        Regex(site, route.Redirect?.RegexRewrite?.Pattern, ".redirect.regex_rewrite.pattern");
        Headers(site, route.RequestHeadersToAdd, route.RequestHeadersToRemove, route.ResponseHeadersToAdd, route.ResponseHeadersToRemove, "route", "filters");
        TypedConfigs(site, route.TypedPerFilterConfig, "route");
        return site.Violations.Count > count;
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

    private static void Regex(Site site, RegexMatcher? regex, string field, int index = -1, string suffix = "")
    {
        if (regex is not null && !Builders.Re2.IsValid(regex.Regex, out var problem))
        {
            site.Report(EnvoyRules.InvalidRegex, index < 0 ? field : $"{field}[{index}]{suffix}", problem ?? $"'{regex.Regex}' is not RE2", "route");
        }
    }

    /// <summary>Header options that add, set or remove a pseudo-header or host (reported; true when any).</summary>
    private static bool Headers(Site site, RepeatedField<HeaderValueOption> requestAdd, RepeatedField<string> requestRemove,
        RepeatedField<HeaderValueOption> responseAdd, RepeatedField<string> responseRemove, string leftOut, string? sourceField = null)
    {
        if (requestAdd.Count + requestRemove.Count + responseAdd.Count + responseRemove.Count == 0)
        {
            return false;
        }

        var count = site.Violations.Count;
        foreach (var (list, field) in new[] { (requestAdd, "request_headers_to_add"), (responseAdd, "response_headers_to_add") })
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i].Header is { } header && !Modifiable(header.Key))
                {
                    site.Report(EnvoyRules.UnmodifiableHeader, $".{field}[{i}].header.key", $"header '{header.Key}' may not be modified (:-prefixed or host)", leftOut, sourceField);
                }
            }
        }

        foreach (var (list, field) in new[] { (requestRemove, "request_headers_to_remove"), (responseRemove, "response_headers_to_remove") })
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (!Modifiable(list[i]))
                {
                    site.Report(EnvoyRules.UnmodifiableHeader, $".{field}[{i}]", $"header '{list[i]}' may not be removed (:-prefixed or host)", leftOut, sourceField);
                }
            }
        }

        return site.Violations.Count > count;
    }

    // Envoy's HeaderUtility::isModifiableHeader and isRemovableHeader: not :-prefixed, not host (any case).
    private static bool Modifiable(string header) => !header.StartsWith(':') && !header.Equals("host", StringComparison.OrdinalIgnoreCase);

    private static bool TypedConfigs(Site site, MapField<string, Google.Protobuf.WellKnownTypes.Any> typed, string leftOut)
    {
        if (typed.Count == 0)
        {
            return false;
        }

        var count = site.Violations.Count;
        foreach (var (name, any) in typed)
        {
            if (!KnownTypeUrls.IsKnown(any.TypeUrl))
            {
                site.Report(EnvoyRules.UnknownTypedConfig, $".typed_per_filter_config[\"{name}\"]",
                    $"the config of filter '{name}' has type URL '{any.TypeUrl}', which names no Envoy type", leftOut);
            }
        }

        return site.Violations.Count > count;
    }

    /// <summary>Virtual hosts (indices) whose domain an earlier one already has, compared lower-cased as Envoy does (reported).</summary>
    private static IEnumerable<int> DuplicateDomains(RouteConfiguration config, HashSet<int>? dropped, List<EnvoyRuleViolation> violations)
    {
        // Envoy lower-cases domains before comparing; for host names ASCII case-insensitive equality is the same.
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var h = 0; h < config.VirtualHosts.Count; h++)
        {
            var host = config.VirtualHosts[h];
            if (dropped?.Contains(h) == true)
            {
                continue;
            }

            string? duplicate = null;
            for (var d = 0; d < host.Domains.Count && duplicate is null; d++)
            {
                var domain = host.Domains[d];
                var repeated = false;
                for (var e = 0; e < d && !repeated; e++)
                {
                    repeated = string.Equals(host.Domains[e], domain, StringComparison.OrdinalIgnoreCase);
                }

                duplicate = repeated || seen.ContainsKey(domain) ? domain.ToLowerInvariant() : null;
            }

            if (duplicate is null)
            {
                foreach (var domain in host.Domains)
                {
                    seen[domain] = host.Name;
                }

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

    /// <summary>Where in a route configuration a check looks (host, route: -1 for none); the path is built only to report.</summary>
    private readonly record struct Site(RouteConfiguration Config, int Host, int Route, List<EnvoyRuleViolation> Violations)
    {
        public void Report(EnvoyRule rule, string field, string message, string leftOut, string? sourceField = null)
        {
            var at = Host < 0 ? field.TrimStart('.') : Route < 0 ? $"virtual_hosts[{Host}]{field}" : $"virtual_hosts[{Host}].routes[{Route}]{field}";
            Violations.Add(new EnvoyRuleViolation(rule, Config, at, message, leftOut, sourceField));
        }
    }
}
