using Envoy.Config.Core.V3;

namespace XdsControlPlane.Xds.Protocol;

/// <summary>
/// Extends the profile another resolver chooses by the node's encoding variant (<see cref="EncodingVariants"/>): a
/// proxyless client whose release needs another encoding is served <c>proxyless@&lt;variant&gt;</c>, which the
/// compiler publishes next to <c>proxyless</c>. Other profiles (Envoy's) have no variants and pass unchanged.
/// </summary>
/// <param name="inner">Chooses the profile (<see cref="NodeProfileResolver"/>).</param>
public sealed class EncodingProfileResolver(IProfileResolver inner) : IProfileResolver
{
    /// <inheritdoc />
    public string Resolve(Node node)
    {
        var profile = inner.Resolve(node);
        return profile == NodeProfileResolver.Proxyless
            ? EncodingVariants.Profile(profile, EncodingVariants.Of(ClientKind.Of(node)))
            : profile;
    }
}
