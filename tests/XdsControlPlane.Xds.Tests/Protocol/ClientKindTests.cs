using Envoy.Config.Core.V3;
using XdsControlPlane.Xds.Protocol;

namespace XdsControlPlane.Xds.Tests.Protocol;

/// <summary>
/// Client kind and release from the node's user agent, as real clients send it (C-core's strings as Debian's
/// python3-grpcio 1.51.1 sends them, grpc-js-xds's from its source), and the encoding variant each gets.
/// </summary>
public sealed class ClientKindTests
{
    private static Node Node(string name, string version) => new() { Id = "n", UserAgentName = name, UserAgentVersion = version };

    private static IEnumerable<TestCaseData> Clients()
    {
        yield return Case("gRPC C-core linux Python", "C-core 29.0.0 Python 1.51.1", "grpc-core 1.51.1", EncodingVariants.GrpcCore151, "CoreWithLanguageRelease");
        yield return Case("gRPC C-core linux Ruby", "C-core 28.0.0 Ruby 1.50.0", "grpc-core 1.50.0", EncodingVariants.GrpcCore151, "Core150");
        yield return Case("gRPC C-core linux Python", "C-core 27.0.0 Python 1.49.1", "grpc-core 1.49.1", EncodingVariants.GrpcLegacy, "Core149RingHashFine");
        yield return Case("gRPC C-core linux Python", "C-core 40.0.0 Python 1.63.0", "grpc-core 1.63.0", null, "CoreAfterA63");
        yield return Case("gRPC C-core linux", "C-core 29.0.0", "grpc-core 1.51", EncodingVariants.GrpcCore151, "CoreVersionOnlyMapped");
        yield return Case("gRPC C-core linux", "C-core 36.0.0", "grpc-core", EncodingVariants.GrpcLegacy, "CoreVersionOnlyUnmappedIsLegacy");
        yield return Case("gRPC Node Pure JS", "1.14.1", "grpc-js 1.14.1", null, "GrpcJsXds114");
        yield return Case("gRPC Node Pure JS", "1.8.0", "grpc-js 1.8.0", EncodingVariants.GrpcLegacy, "GrpcJsXdsBeforeA63");
        yield return Case("gRPC Go", "1.55.0", "grpc-go 1.55.0", EncodingVariants.GrpcLegacy, "GoBeforeA63");
        yield return Case("gRPC Go", "1.56.2", "grpc-go 1.56.2", null, "GoAfterA63");
        yield return Case("gRPC Java", "1.53.0", "grpc-java 1.53.0", null, "JavaAfterA63");
        yield return Case("gRPC Java", "", "grpc-java", EncodingVariants.GrpcLegacy, "UnknownReleaseIsLegacy");
        yield return Case("custom", "", "unknown", EncodingVariants.GrpcLegacy, "UnknownKindIsLegacy");
        yield return Case("envoy", "", "envoy", null, "EnvoyStandard");
    }

    private static TestCaseData Case(string name, string version, string kind, string? variant, string title) =>
        new TestCaseData(name, version, kind, variant).SetName($"ClientKind_{title}");

    [TestCaseSource(nameof(Clients))]
    public void ReadsKindAndRelease_AndChoosesTheVariant(string name, string version, string kind, string? variant)
    {
        var client = ClientKind.Of(Node(name, version));
        Assert.Multiple(() =>
        {
            Assert.That(client.ToString(), Is.EqualTo(kind));
            Assert.That(EncodingVariants.Of(client), Is.EqualTo(variant));
        });
    }

    [Test]
    public void EnvoyBuildVersion_IsRead()
    {
        var node = new Node
        {
            Id = "gw",
            UserAgentName = "envoy",
            UserAgentBuildVersion = new BuildVersion { Version = new Envoy.Type.V3.SemanticVersion { MajorNumber = 1, MinorNumber = 31, Patch = 2 } },
        };

        Assert.That(ClientKind.Of(node), Is.EqualTo(new ClientKind(ClientKind.Envoy, new Version(1, 31, 2))));
    }
}
