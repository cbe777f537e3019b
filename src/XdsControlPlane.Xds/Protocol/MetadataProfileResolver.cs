using Envoy.Config.Core.V3;

namespace XdsControlPlane.Xds.Protocol;

/// <summary>
/// Resolves the profile from the node metadata key <c>xds.profile</c> (a string), falling back to
/// <see cref="DefaultProfile"/>. The compiler's resolver (Gateway and proxyless profiles) replaces it.
/// </summary>
public sealed class MetadataProfileResolver : IProfileResolver
{
    /// <summary>The profile of nodes that name none.</summary>
    public const string DefaultProfile = "default";

    /// <summary>The metadata key read.</summary>
    public const string MetadataKey = "xds.profile";

    /// <inheritdoc />
    public string Resolve(Node node) =>
        node.Metadata?.Fields.TryGetValue(MetadataKey, out var value) == true && value.StringValue is { Length: > 0 } profile
            ? profile
            : DefaultProfile;
}
