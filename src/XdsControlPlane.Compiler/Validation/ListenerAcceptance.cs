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
        void Report(EnvoyRule rule, string path, string message, string leftOut = "listener") =>
            violations.Add(new EnvoyRuleViolation(rule, listener, path, message, leftOut));

        if (!names.Add(listener.Name))
        {
            Report(EnvoyRules.DuplicateListenerName, "name", $"another listener is named '{listener.Name}'");
            return null;
        }

        if (listener.Address?.SocketAddress is { } socket)
        {
            var address = $"{socket.Protocol}:{socket.Address}:{socket.PortValue}";
            if (!addresses.TryAdd(address, listener.Name))
            {
                Report(EnvoyRules.DuplicateListenerAddress, "address", $"listener '{addresses[address]}' already binds {socket.Address}:{socket.PortValue}");
                return null;
            }
        }

        if (listener.ApiListener?.ApiListener_ is { } api)
        {
            return ConnectionManager(api, "api_listener.api_listener", (rule, path, message) => Report(rule, path, message)) ? null : listener;
        }

        HashSet<int>? chains = null;
        var matches = new HashSet<(string Match, string ServerName)>();
        for (var c = 0; c < listener.FilterChains.Count; c++)
        {
            var chain = listener.FilterChains[c];
            var path = $"filter_chains[{c}]";
            var broken = false;
            for (var f = 0; f < chain.Filters.Count; f++)
            {
                if (chain.Filters[f].TypedConfig is { } config)
                {
                    broken |= ConnectionManager(config, $"{path}.filters[{f}].typed_config", (rule, p, message) => Report(rule, p, message, "filter chain"));
                }
            }

            if (!broken && !Unique(chain.FilterChainMatch, matches, out var clash))
            {
                Report(EnvoyRules.DuplicateFilterChainMatch, $"{path}.filter_chain_match", $"an earlier filter chain already matches {clash}", "filter chain");
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
    /// Checks a network filter config: an unknown type, or (for a connection manager) its HTTP filters. True when it
    /// breaks a rule (reported).
    /// </summary>
    private static bool ConnectionManager(Any config, string path, Action<EnvoyRule, string, string> report)
    {
        if (!KnownTypeUrls.IsKnown(config.TypeUrl))
        {
            report(EnvoyRules.UnknownTypedConfig, path, $"type URL '{config.TypeUrl}' names no Envoy type");
            return true;
        }

        if (config.TypeUrl != s_hcmType)
        {
            return false;
        }

        if (HttpFilterScan.Filters(config.Value) is not { } filters)
        {
            report(EnvoyRules.UnknownTypedConfig, path, "the HttpConnectionManager does not parse");
            return true;
        }

        var broken = false;
        var seen = new HashSet<string>(filters.Count, StringComparer.Ordinal);
        for (var i = 0; i < filters.Count; i++)
        {
            var (name, type) = filters[i];
            var at = $"{path}.http_filters[{i}]";
            if (!seen.Add(name))
            {
                report(EnvoyRules.DuplicateHttpFilterName, $"{at}.name", $"HTTP filter name '{name}' is used twice");
                broken = true;
            }

            if (type.Length > 0 && !KnownTypeUrls.IsKnown(type))
            {
                report(EnvoyRules.UnknownTypedConfig, $"{at}.typed_config", $"HTTP filter '{name}' has type URL '{type}', which names no Envoy type");
                broken = true;
            }

        }

        // Envoy stops at the first filter out of place; so does this (one report per connection manager).
        var misplaced = Enumerable.Range(0, filters.Count).FirstOrDefault(i => (filters[i].TypeUrl == s_routerType) != (i == filters.Count - 1), -1);
        if (misplaced >= 0)
        {
            var name = filters[misplaced].Name;
            report(EnvoyRules.RouterLast, $"{path}.http_filters[{misplaced}]", misplaced == filters.Count - 1
                ? $"non-terminal filter '{name}' is the last HTTP filter (the router must be)"
                : $"terminal filter '{name}' (the router) must be the last HTTP filter");
            broken = true;
        }

        return broken;
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
