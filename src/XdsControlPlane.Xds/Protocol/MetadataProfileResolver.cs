using Envoy.Config.Core.V3;
using XdsControlPlane.Model;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Xds.Protocol;

/// <summary>
/// Resolves the profile from the node metadata key <c>xds.profile</c> (<see cref="ProfileNames.ExplicitMetadataKey"/>)
/// alone, falling back to <see cref="SnapshotStore.DefaultProfile"/>: for servers that publish profiles by name, as
/// the tests and benchmarks do. The control plane uses <see cref="NodeProfileResolver"/>, which tries this key first
/// and then selects the Gateway and proxyless profiles the compiler produces.
/// </summary>
public sealed class MetadataProfileResolver : IProfileResolver
{
    /// <inheritdoc />
    public string Resolve(Node node) => Named(node) ?? SnapshotStore.DefaultProfile;

    /// <summary>The profile <paramref name="node"/> names outright in its metadata, or null.</summary>
    public static string? Named(Node node) =>
        node.Metadata?.Fields.TryGetValue(ProfileNames.ExplicitMetadataKey, out var value) == true && value.StringValue is { Length: > 0 } profile
            ? profile
            : null;
}
