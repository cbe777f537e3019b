using Envoy.Config.Core.V3;
using Google.Protobuf.WellKnownTypes;
using XdsControlPlane.Xds.Protocol;

namespace XdsControlPlane.Xds.Tests.Protocol;

/// <summary>P28 with encodings: the snapshot key is the profile extended by the node's encoding variant, for proxyless only.</summary>
public sealed class EncodingProfileResolverTests
{
    private static readonly EncodingProfileResolver s_resolver = new(new NodeProfileResolver());

    private static Node Node(string name, string version, string? gateway = null)
    {
        var node = new Node { Id = "n", UserAgentName = name, UserAgentVersion = version, Metadata = new Struct() };
        if (gateway is not null)
        {
            node.Metadata.Fields["gateway"] = Value.ForString(gateway);
        }

        return node;
    }

    [Test]
    public void P28_CCore151_GetsItsVariantOfTheProxylessProfile() =>
        Assert.That(s_resolver.Resolve(Node("gRPC C-core linux Python", "C-core 29.0.0 Python 1.51.1")), Is.EqualTo("proxyless@grpc-core-1.51"));

    [Test]
    public void P28_CurrentGrpcJs_GetsTheProxylessProfileItself() =>
        Assert.That(s_resolver.Resolve(Node("gRPC Node Pure JS", "1.14.1")), Is.EqualTo("proxyless"));

    [Test]
    public void P28_EnvoyProfiles_HaveNoVariants() =>
        Assert.That(s_resolver.Resolve(Node("envoy", "", gateway: "infra/public")), Is.EqualTo("gateway/infra/public"));

    [Test]
    public void P28_AnOldGrpcClientWithAnExplicitGatewayProfile_KeepsIt() =>
        Assert.That(s_resolver.Resolve(Node("gRPC Go", "1.40.0", gateway: "infra/public")), Is.EqualTo("gateway/infra/public"));

    [Test]
    public void P28_AProfileNamedOutright_IsServedAsNamed_WithoutAVariant()
    {
        var node = Node("gRPC C-core linux Python", "C-core 29.0.0 Python 1.51.1");
        node.Metadata.Fields["xds.profile"] = Value.ForString("proxyless");

        Assert.That(s_resolver.Resolve(node), Is.EqualTo("proxyless"));
    }
}
