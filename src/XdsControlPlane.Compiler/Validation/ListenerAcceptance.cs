using Envoy.Config.Listener.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace XdsControlPlane.Compiler.Validation;

/// <summary>
/// The <see cref="EnvoyRules"/> of a profile's listeners: a later listener with a name or address an earlier one
/// has is left out, so is a listener whose connection manager breaks a filter rule (for an API listener) or the
/// filter chain that holds it, and a filter chain whose match an earlier chain of the listener already has.
/// </summary>
internal static class ListenerAcceptance
{
    private static readonly string s_hcmType = TypeUrlCatalog.TypeUrlOf(HttpConnectionManager.Descriptor);
    private static readonly string s_routerType = TypeUrlCatalog.TypeUrlOf(Envoy.Extensions.Filters.Http.Router.V3.Router.Descriptor);

    /// <summary>The listeners Envoy would accept, in order (the same list when all), each violation added to <paramref name="violations"/>.</summary>
    public static IReadOnlyList<Listener> Check(IReadOnlyList<Listener> listeners, List<EnvoyRuleViolation> violations)
    {
        List<Listener>? accepted = null;
        var names = new HashSet<string>(listeners.Count, StringComparer.Ordinal);
        var addresses = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < listeners.Count; i++)
        {
            var listener = Listener(listeners[i], names, addresses, violations);
            if (!ReferenceEquals(listener, listeners[i]) && accepted is null)
            {
                accepted = [.. listeners.Take(i)];
            }

            if (listener is not null)
            {
                accepted?.Add(listener);
            }
        }

        return accepted ?? listeners;
    }

    private static Listener? Listener(Listener listener, HashSet<string> names, Dictionary<string, string> addresses, List<EnvoyRuleViolation> violations)
    {
        if (!names.Add(listener.Name))
        {
            violations.Add(new EnvoyRuleViolation(EnvoyRules.DuplicateListenerName, listener, "name", $"another listener is named '{listener.Name}'", "listener"));
            return null;
        }

        if (listener.Address?.SocketAddress is { } socket)
        {
            var address = $"{socket.Protocol}:{socket.Address}:{socket.PortValue}";
            if (!addresses.TryAdd(address, listener.Name))
            {
                violations.Add(new EnvoyRuleViolation(EnvoyRules.DuplicateListenerAddress, listener, "address",
                    $"listener '{addresses[address]}' already binds {socket.Address}:{socket.PortValue}", "listener"));
                return null;
            }
        }

        if (listener.ApiListener?.ApiListener_ is { } api)
        {
            return NetworkFilter(listener, api, -1, -1, "listener", violations) ? null : listener;
        }

        HashSet<int>? chains = null;
        HashSet<(string Match, string ServerName)>? matches = listener.FilterChains.Count > 1 ? [] : null;
        for (var c = 0; c < listener.FilterChains.Count; c++)
        {
            var chain = listener.FilterChains[c];
            var broken = false;
            for (var f = 0; f < chain.Filters.Count; f++)
            {
                if (chain.Filters[f].TypedConfig is { } config)
                {
                    broken |= NetworkFilter(listener, config, c, f, "filter chain", violations);
                }
            }

            if (!broken && matches is not null && !Unique(chain.FilterChainMatch, matches, out var clash))
            {
                violations.Add(new EnvoyRuleViolation(EnvoyRules.DuplicateFilterChainMatch, listener, $"filter_chains[{c}].filter_chain_match",
                    $"an earlier filter chain already matches {clash}", "filter chain"));
                broken = true;
            }

            if (broken)
            {
                (chains ??= []).Add(c);
            }
        }

        if (chains is null)
        {
            return listener;
        }

        var copy = listener.Clone();
        for (var c = copy.FilterChains.Count - 1; c >= 0; c--)
        {
            if (chains.Contains(c))
            {
                copy.FilterChains.RemoveAt(c);
            }
        }

        return copy.FilterChains.Count == 0 && listener.FilterChains.Count > 0 ? null : copy;
    }

    /// <summary>
    /// Checks a network filter config (chain <paramref name="chain"/>, filter <paramref name="filter"/>; -1, -1 for an
    /// API listener): an unknown type, or a connection manager's HTTP filters. True when it breaks a rule (reported).
    /// </summary>
    private static bool NetworkFilter(Listener listener, Any config, int chain, int filter, string leftOut, List<EnvoyRuleViolation> violations)
    {
        string Path() => chain < 0 ? "api_listener.api_listener" : $"filter_chains[{chain}].filters[{filter}].typed_config";

        if (!KnownTypeUrls.IsKnown(config.TypeUrl))
        {
            violations.Add(new EnvoyRuleViolation(EnvoyRules.UnknownTypedConfig, listener, Path(), $"type URL '{config.TypeUrl}' names no Envoy type", leftOut));
            return true;
        }

        if (config.TypeUrl != s_hcmType)
        {
            return false;
        }

        if (!HttpFilterScan.Check(config.Value, out var duplicate, out var unknown, out var misplaced))
        {
            violations.Add(new EnvoyRuleViolation(EnvoyRules.UnknownTypedConfig, listener, Path(), "the HttpConnectionManager does not parse", leftOut));
            return true;
        }

        if (duplicate >= 0)
        {
            var (name, _) = HttpFilterScan.Filter(config.Value, duplicate);
            violations.Add(new EnvoyRuleViolation(EnvoyRules.DuplicateHttpFilterName, listener, $"{Path()}.http_filters[{duplicate}].name", $"HTTP filter name '{name}' is used twice", leftOut));
        }

        if (unknown >= 0)
        {
            var (name, type) = HttpFilterScan.Filter(config.Value, unknown);
            violations.Add(new EnvoyRuleViolation(EnvoyRules.UnknownTypedConfig, listener, $"{Path()}.http_filters[{unknown}].typed_config",
                $"HTTP filter '{name}' has type URL '{type}', which names no Envoy type", leftOut));
        }

        if (misplaced >= 0)
        {
            var (name, type) = HttpFilterScan.Filter(config.Value, misplaced);
            violations.Add(new EnvoyRuleViolation(EnvoyRules.RouterLast, listener, $"{Path()}.http_filters[{misplaced}]", type == s_routerType
                ? $"terminal filter '{name}' (the router) must be the last HTTP filter"
                : $"non-terminal filter '{name}' is the last HTTP filter (the router must be)", leftOut));
        }

        return duplicate >= 0 || unknown >= 0 || misplaced >= 0;
    }

    /// <summary>
    /// Whether no earlier chain has the same match for any of this chain's server names (Envoy indexes chains by each
    /// server name under the rest of the match); the match it shares otherwise.
    /// </summary>
    private static bool Unique(FilterChainMatch? match, HashSet<(string, string)> seen, out string clash)
    {
        clash = string.Empty;
        var rest = match is null ? string.Empty : Key(match);
        var serverNames = match is null || match.ServerNames.Count == 0 ? [string.Empty] : match.ServerNames.Select(n => n.ToLowerInvariant()).ToArray();
        foreach (var name in serverNames)
        {
            if (!seen.Add((rest, name)))
            {
                clash = name.Length == 0 ? "the same connections (no server name)" : $"server name '{name}'";
                return false;
            }
        }

        return true;
    }

    private static string Key(FilterChainMatch match)
    {
        if (match.ServerNames.Count == 0)
        {
            return match.ToByteString().ToBase64();
        }

        var rest = match.Clone();
        rest.ServerNames.Clear();
        return rest.ToByteString().ToBase64();
    }
}
