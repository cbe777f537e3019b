namespace XdsControlPlane.Compiler.Encodings;

/// <summary>What a <see cref="ClientEncoding"/> changes in the proxyless configuration.</summary>
[Flags]
public enum EncodingChanges
{
    /// <summary>Nothing: the standard encoding.</summary>
    None = 0,

    /// <summary>
    /// <c>HeaderMatcher</c> in its older one-of forms (<c>exact_match</c>, <c>safe_regex_match</c>, <c>prefix_match</c>,
    /// <c>suffix_match</c>, <c>contains_match</c>) instead of <c>string_match</c>, which releases before gRFC A63 reject
    /// ("Invalid route header matcher specified"), taking the whole RouteConfiguration down.
    /// </summary>
    LegacyHeaderMatchers = 1,

    /// <summary>
    /// <c>WeightedCluster.total_weight</c> set to the sum of the weights: older releases check the sum against it and
    /// take 100 when it is unset ("RouteAction weighted_cluster has incorrect total weight").
    /// </summary>
    WeightedClusterTotalWeight = 2,

    /// <summary>Ring hash clusters become round robin and routes lose their hash policies.</summary>
    NoRingHash = 4,
}
