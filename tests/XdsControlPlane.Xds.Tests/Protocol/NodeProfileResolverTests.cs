using Envoy.Config.Core.V3;
using Google.Protobuf.WellKnownTypes;
using XdsControlPlane.Model;
using XdsControlPlane.Xds.Protocol;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Xds.Tests.Protocol;

/// <summary>P28: the profile comes from the node (metadata, user agent), never from a per-client setting.</summary>
public sealed class NodeProfileResolverTests
{
    private static Node Node(string userAgent, params (string Key, Value Value)[] metadata)
    {
        var node = new Node { Id = "n", UserAgentName = userAgent, Metadata = new Struct() };
        foreach (var (key, value) in metadata)
        {
            node.Metadata.Fields[key] = value;
        }

        return node;
    }

    private static IEnumerable<TestCaseData> Cases()
    {
        yield return new TestCaseData(Node("envoy", ("gateway", Value.ForString("infra/public"))), "gateway/infra/public").SetName("P28_GatewayMetadataSelectsThatGateway");
        yield return new TestCaseData(Node("envoy", ("gateway", Value.ForString("public"))), "gateway/default/public").SetName("P28_GatewayWithoutNamespaceMeansDefault");
        yield return new TestCaseData(Node("gRPC Node"), "proxyless").SetName("P28_GrpcUserAgentIsProxyless");
        yield return new TestCaseData(Node("grpc-go"), "proxyless").SetName("P28_GrpcUserAgentCaseInsensitive");
        yield return new TestCaseData(Node("custom", ("proxyless", Value.ForBool(true))), "proxyless").SetName("P28_ProxylessMetadataFlag");
        yield return new TestCaseData(Node("envoy"), "default").SetName("P28_PlainEnvoyGetsDefault");
        yield return new TestCaseData(Node("envoy", ("xds.profile", Value.ForString("canary")), ("gateway", Value.ForString("a/b"))), "canary")
            .SetName("P28_ExplicitProfileWins");
    }

    [TestCaseSource(nameof(Cases))]
    public void ResolvesTheProfileFromTheNode(Node node, string expected) =>
        Assert.That(new NodeProfileResolver().Resolve(node), Is.EqualTo(expected));

    [Test]
    public void P28_ResolvedProfilesAreTheNamesTheCompilerPublishes() => Assert.Multiple(() =>
    {
        // One definition (Model.ProfileNames) on both sides: what a node selects is the key the compiler publishes under.
        var resolver = new NodeProfileResolver();
        Assert.That(resolver.Resolve(Node("envoy", (ProfileNames.GatewayMetadataKey, Value.ForString("infra/public")))), Is.EqualTo(ProfileNames.Gateway("infra", "public")));
        Assert.That(resolver.Resolve(Node("envoy", (ProfileNames.ProxylessMetadataKey, Value.ForString("true")))), Is.EqualTo(ProfileNames.Proxyless));
        Assert.That(resolver.Resolve(Node("envoy", (ProfileNames.ExplicitMetadataKey, Value.ForString("canary")))), Is.EqualTo("canary"));
        Assert.That(new MetadataProfileResolver().Resolve(Node("gRPC Node")), Is.EqualTo(SnapshotStore.DefaultProfile));
    });
}
