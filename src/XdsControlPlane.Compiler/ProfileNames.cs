namespace XdsControlPlane.Compiler;

/// <summary>
/// Names of the proxy profiles the compiler produces. All nodes of one profile share one resource set.
/// <list type="bullet">
/// <item><c>gateway/&lt;namespace&gt;/&lt;name&gt;</c>: an Envoy acting as that Gateway. A node selects it with the
/// node metadata entry <c>gateway: "&lt;namespace&gt;/&lt;name&gt;"</c>.</item>
/// <item><c>proxyless</c>: every proxyless gRPC client. Listener names are dial targets:
/// <c>xds:///&lt;service&gt;.&lt;namespace&gt;.svc:&lt;port&gt;</c>, and <c>xds:///&lt;hostname&gt;</c> for each hostname of a
/// route whose parentRefs name a Service.</item>
/// </list>
/// </summary>
public static class ProfileNames
{
    /// <summary>The profile of proxyless gRPC clients.</summary>
    public const string Proxyless = "proxyless";

    /// <summary>Prefix of Gateway profiles.</summary>
    public const string GatewayPrefix = "gateway/";

    /// <summary>Node metadata key naming the Gateway an Envoy acts as (value <c>&lt;namespace&gt;/&lt;name&gt;</c>).</summary>
    public const string GatewayMetadataKey = "gateway";

    /// <summary>The profile of an Envoy acting as Gateway <paramref name="namespace"/>/<paramref name="name"/>.</summary>
    public static string Gateway(string @namespace, string name) => $"{GatewayPrefix}{@namespace}/{name}";
}
