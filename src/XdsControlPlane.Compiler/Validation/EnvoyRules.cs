namespace XdsControlPlane.Compiler.Validation;

/// <summary>
/// The acceptance rules <see cref="EnvoyAcceptance"/> checks, each with where Envoy states it (paths in
/// envoyproxy/envoy). The same rules hold for gRPC's xDS clients where they apply (router last, unique filter names).
/// </summary>
public static class EnvoyRules
{
    /// <summary>Virtual host domains are unique in a route configuration, compared lower-cased; one <c>*</c> at most.</summary>
    public static EnvoyRule DuplicateDomain { get; } = new("duplicate-domain",
        "domains are unique across the virtual hosts of a route configuration (compared lower-cased), and only one virtual host may be \"*\"",
        "source/common/router/config_impl.cc, RouteMatcher: \"Only unique values for domains are permitted. Duplicate entry of domain {} in route {}\", \"Only a single wildcard domain is permitted in route {}\"");

    /// <summary>Listener names are unique in an LDS response.</summary>
    public static EnvoyRule DuplicateListenerName { get; } = new("duplicate-listener-name",
        "listener names are unique",
        "source/common/listener_manager/lds_api.cc: \"duplicate listener {} found\"");

    /// <summary>No two listeners bind the same address.</summary>
    public static EnvoyRule DuplicateListenerAddress { get; } = new("duplicate-listener-address",
        "no two listeners bind the same address and port",
        "source/common/listener_manager/listener_manager_impl.cc: \"error adding listener: '{}' has duplicate address '{}' as existing listener\"");

    /// <summary>No two filter chains of a listener have the same match.</summary>
    public static EnvoyRule DuplicateFilterChainMatch { get; } = new("duplicate-filter-chain-match",
        "no two filter chains of a listener match the same connections (equal filter_chain_match, per server name)",
        "source/common/listener_manager/filter_chain_manager_impl.cc: \"error adding listener '{}': multiple filter chains with the same matching rules are defined\"");

    /// <summary>The router is the last HTTP filter, and only the last.</summary>
    public static EnvoyRule RouterLast { get; } = new("router-last",
        "the router (the terminal HTTP filter) is the last HTTP filter of a connection manager, and no other filter is last",
        "source/common/config/utility.cc, validateTerminalFilters: \"terminal filter named {} of type {} must be the last filter in a http filter chain\", \"non-terminal filter named {} of type {} is the last filter in a http filter chain\"");

    /// <summary>HTTP filter names are unique within a connection manager.</summary>
    public static EnvoyRule DuplicateHttpFilterName { get; } = new("duplicate-http-filter-name",
        "HTTP filter names are unique within a connection manager (per-route configs are keyed by them)",
        "api/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.proto, HttpFilter.name; gRPC rejects it too (src/core/xds/grpc/xds_listener_parser.cc: \"duplicate HTTP filter name\")");

    /// <summary>With <c>validate_clusters</c>, every cluster a route names exists.</summary>
    public static EnvoyRule UnknownCluster { get; } = new("unknown-cluster",
        "when validate_clusters holds, every cluster a route, weighted cluster or mirror policy names exists",
        "source/common/router/config_impl.cc, RouteEntryImplBase::validateClusters: \"route: unknown cluster '{}'\", \"route: unknown weighted cluster '{}'\"");

    /// <summary>Regular expressions compile as RE2.</summary>
    public static EnvoyRule InvalidRegex { get; } = new("invalid-regex",
        "every safe_regex pattern compiles as RE2 (no lookaround, backreferences or possessive quantifiers)",
        "source/common/common/regex.cc, CompiledGoogleReMatcher: \"Invalid regex '{}': {}\"");

    /// <summary>Pseudo-headers and <c>host</c> are neither added nor removed by header options.</summary>
    public static EnvoyRule UnmodifiableHeader { get; } = new("unmodifiable-header",
        "request and response header options add, set or remove neither :-prefixed pseudo-headers nor host",
        "source/common/http/header_utility.cc, isModifiableHeader / isRemovableHeader; source/common/router/header_parser.cc: \":-prefixed or host headers may not be modified\", \":-prefixed or host headers may not be removed\"");

    /// <summary>The weights of weighted clusters sum to more than zero (and fit 32 bits).</summary>
    public static EnvoyRule WeightsSumToZero { get; } = new("weights-sum-to-zero",
        "the weights of a route's weighted clusters sum to more than 0 and at most 4294967295",
        "source/common/router/weighted_cluster_specifier.cc (config_impl.cc before): \"Sum of weights in the weighted_cluster must be greater than 0.\", \"The sum of weights of all weighted clusters of route {} exceeds {}\"");

    /// <summary>Typed configs name a type Envoy knows.</summary>
    public static EnvoyRule UnknownTypedConfig { get; } = new("unknown-typed-config",
        "every typed_config (filters, per-route filter configs, transport sockets, extension protocol options) names a type of the Envoy API",
        "source/common/config/utility.h, getAndCheckFactory / getFactoryByType: \"Didn't find a registered implementation for '{}' with type URL: '{}'\"");

    /// <summary>Every rule, in the order they are checked.</summary>
    public static IReadOnlyList<EnvoyRule> All { get; } =
    [
        DuplicateListenerName, DuplicateListenerAddress, DuplicateFilterChainMatch, RouterLast, DuplicateHttpFilterName,
        DuplicateDomain, UnknownCluster, InvalidRegex, UnmodifiableHeader, WeightsSumToZero, UnknownTypedConfig,
    ];
}
