using Envoy.Config.Core.V3;

namespace XdsControlPlane.Xds.Protocol;

/// <summary>
/// Chooses a profile from the node, in this order:
/// <list type="number">
/// <item>metadata <c>xds.profile</c> (a string) names the profile outright;</item>
/// <item>metadata <c>gateway</c> = <c>namespace/name</c>: an Envoy acting as that Gateway → <c>gateway/namespace/name</c>;</item>
/// <item>a proxyless gRPC client (user agent name starting with <c>gRPC</c>, or metadata <c>proxyless: true</c>) → <c>proxyless</c>;</item>
/// <item>anything else → <c>default</c>.</item>
/// </list>
/// </summary>
public sealed class NodeProfileResolver : IProfileResolver
{
    /// <summary>Profile of proxyless gRPC clients.</summary>
    public const string Proxyless = "proxyless";

    /// <summary>Prefix of gateway profiles.</summary>
    public const string GatewayPrefix = "gateway/";

    /// <inheritdoc />
    public string Resolve(Node node)
    {
        var fields = node.Metadata?.Fields;
        if (fields is not null)
        {
            if (fields.TryGetValue(MetadataProfileResolver.MetadataKey, out var explicitProfile) && explicitProfile.StringValue is { Length: > 0 } profile)
            {
                return profile;
            }

            if (fields.TryGetValue("gateway", out var gateway) && gateway.StringValue is { Length: > 0 } name)
            {
                return GatewayPrefix + (name.Contains('/', StringComparison.Ordinal) ? name : "default/" + name);
            }

            if (fields.TryGetValue("proxyless", out var proxyless) && (proxyless.BoolValue || proxyless.StringValue == "true"))
            {
                return Proxyless;
            }
        }

        return node.UserAgentName.StartsWith("gRPC", StringComparison.OrdinalIgnoreCase) ? Proxyless : MetadataProfileResolver.DefaultProfile;
    }
}
