using Envoy.Config.Core.V3;
using XdsControlPlane.Model;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Xds.Protocol;

/// <summary>
/// Chooses a profile from the node (the names and metadata keys are <see cref="ProfileNames"/>'), in this order:
/// <list type="number">
/// <item>metadata <c>xds.profile</c> (a string) names the profile outright;</item>
/// <item>metadata <c>gateway</c> = <c>namespace/name</c>: an Envoy acting as that Gateway → <c>gateway/namespace/name</c>;</item>
/// <item>a proxyless gRPC client (user agent name starting with <c>gRPC</c>, or metadata <c>proxyless: true</c>) → <c>proxyless</c>;</item>
/// <item>anything else → <see cref="SnapshotStore.DefaultProfile"/>.</item>
/// </list>
/// </summary>
public sealed class NodeProfileResolver : IProfileResolver
{
    /// <inheritdoc />
    public string Resolve(Node node)
    {
        if (MetadataProfileResolver.Named(node) is { } profile)
        {
            return profile;
        }

        var fields = node.Metadata?.Fields;
        if (fields is not null)
        {
            if (fields.TryGetValue(ProfileNames.GatewayMetadataKey, out var gateway) && gateway.StringValue is { Length: > 0 } name)
            {
                return ProfileNames.FromGatewayMetadata(name);
            }

            if (fields.TryGetValue(ProfileNames.ProxylessMetadataKey, out var proxyless) && (proxyless.BoolValue || proxyless.StringValue == "true"))
            {
                return ProfileNames.Proxyless;
            }
        }

        return node.UserAgentName.StartsWith("gRPC", StringComparison.OrdinalIgnoreCase) ? ProfileNames.Proxyless : SnapshotStore.DefaultProfile;
    }
}
