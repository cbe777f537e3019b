using Envoy.Config.Core.V3;
using XdsControlPlane.Model;

namespace XdsControlPlane.Xds.Protocol;

/// <summary>
/// Extends the profile another resolver chooses by the node's encoding variant (<see cref="EncodingVariants"/>): a
/// proxyless client whose release needs another encoding is served <c>proxyless@&lt;variant&gt;</c>, which the
/// compiler publishes next to <c>proxyless</c>. Other profiles (Envoy's) have no variants and pass unchanged, and so
/// does a profile the node names outright (metadata <c>xds.profile</c>: <c>proxyless</c> is then the standard encoding).
/// </summary>
/// <param name="inner">Chooses the profile (<see cref="NodeProfileResolver"/>).</param>
public sealed class EncodingProfileResolver(IProfileResolver inner) : IProfileResolver
{
    /// <inheritdoc />
    public string Resolve(Node node)
    {
        var profile = inner.Resolve(node);
        // A profile named outright (metadata xds.profile) is served as named: the operator's override of the variant.
        return profile == ProfileNames.Proxyless && MetadataProfileResolver.Named(node) is null
            ? EncodingVariants.Profile(profile, EncodingVariants.Of(ClientKind.Of(node)))
            : profile;
    }
}
