namespace XdsControlPlane.Model;

/// <summary>
/// The proxy profiles, defined once for the compiler that produces them and the xDS server that resolves a node to
/// one. All nodes of one profile share one resource set.
/// <list type="bullet">
/// <item><c>gateway/&lt;namespace&gt;/&lt;name&gt;</c>: an Envoy acting as that Gateway. A node selects it with the
/// node metadata entry <c>gateway: "&lt;namespace&gt;/&lt;name&gt;"</c>.</item>
/// <item><c>proxyless</c>: every proxyless gRPC client. Listener names are dial targets:
/// <c>xds:///&lt;service&gt;.&lt;namespace&gt;.svc:&lt;port&gt;</c>, and <c>xds:///&lt;hostname&gt;</c> for each hostname of a
/// route whose parentRefs name a Service.</item>
/// <item><c>proxyless@&lt;variant&gt;</c>: the proxyless profile in an older client's encoding.</item>
/// </list>
/// The profile of a node that selects none is the xDS server's (<c>SnapshotStore.DefaultProfile</c>): the compiler
/// never produces it.
/// </summary>
public static class ProfileNames
{
    /// <summary>The profile of proxyless gRPC clients.</summary>
    public const string Proxyless = "proxyless";

    /// <summary>Prefix of Gateway profiles.</summary>
    public const string GatewayPrefix = "gateway/";

    /// <summary>Node metadata key naming the profile outright (a string); it wins over every other rule.</summary>
    public const string ExplicitMetadataKey = "xds.profile";

    /// <summary>Node metadata key naming the Gateway an Envoy acts as (value <c>&lt;namespace&gt;/&lt;name&gt;</c>).</summary>
    public const string GatewayMetadataKey = "gateway";

    /// <summary>Node metadata key marking a proxyless client (<c>true</c>, as a bool or a string).</summary>
    public const string ProxylessMetadataKey = "proxyless";

    /// <summary>Between a profile name and its encoding variant: <c>proxyless@grpc-legacy</c>.</summary>
    public const char VariantSeparator = '@';

    /// <summary>The profile of an Envoy acting as Gateway <paramref name="namespace"/>/<paramref name="name"/>.</summary>
    public static string Gateway(string @namespace, string name) => $"{GatewayPrefix}{@namespace}/{name}";

    /// <summary>
    /// The profile a <see cref="GatewayMetadataKey"/> value selects: <c>namespace/name</c>, or a bare name in the
    /// <c>default</c> namespace, as a Kubernetes object without a namespace is.
    /// </summary>
    public static string FromGatewayMetadata(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return GatewayPrefix + (value.Contains('/', StringComparison.Ordinal) ? value : "default/" + value);
    }

    /// <summary>The snapshot key of <paramref name="profile"/> in encoding <paramref name="variant"/> (the profile itself for null).</summary>
    public static string Variant(string profile, string? variant) => variant is null ? profile : $"{profile}{VariantSeparator}{variant}";

    /// <summary>
    /// <paramref name="profile"/> without its encoding variant when it ends in one of <paramref name="variants"/>
    /// (<c>proxyless@grpc-legacy</c> is <c>proxyless</c>), else unchanged.
    /// </summary>
    public static string WithoutVariant(string profile, IReadOnlyCollection<string> variants)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(variants);
        var at = profile.LastIndexOf(VariantSeparator);
        return at > 0 && variants.Contains(profile[(at + 1)..]) ? profile[..at] : profile;
    }
}
