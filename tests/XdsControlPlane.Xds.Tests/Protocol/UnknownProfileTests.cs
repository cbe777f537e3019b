using Envoy.Config.Core.V3;
using Google.Protobuf.WellKnownTypes;
using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Protocol;
using XdsControlPlane.Xds.Snapshots;
using XdsControlPlane.Xds.Tests.Transport;

namespace XdsControlPlane.Xds.Tests.Protocol;

/// <summary>
/// Issue 10 D11: a node whose profile the configuration does not have (a Gateway that does not exist, a made-up
/// <c>xds.profile</c>) got no LDS/CDS response at all. It must get the first, empty response README promises, so the
/// client knows it is configured (with nothing) rather than waiting.
/// </summary>
public sealed class UnknownProfileTests
{
    private static IEnumerable<TestCaseData> Nodes() =>
    [
        new TestCaseData("gateway", "default/nonexistent").SetName("D11_NodeOfAGatewayThatDoesNotExistGetsEmptyLdsAndCds"),
        new TestCaseData("xds.profile", "bogus").SetName("D11_NodeNamingAProfileThatDoesNotExistGetsEmptyLdsAndCds"),
    ];

    [TestCaseSource(nameof(Nodes))]
    public async Task UnknownProfile_GetsAFirstEmptyResponse(string key, string value)
    {
        await using var server = await TestXdsServer.StartAsync(profiles: new NodeProfileResolver());
        server.Publish(Resources.Service("secure"), profile: "gateway/default/secure");
        using var http = GrpcTestCall.CreateClient();

        await using var ads = await SotwTestStream.OpenAsync(http, server.Address, XdsServices.AggregatedSotw);
        await ads.RequestAsync(TypeUrls.Listener, node: NodeWith("d11", key, value));
        await ads.RequestAsync(TypeUrls.Cluster);

        var first = await ads.NextAsync("the first, empty LDS response");
        var second = await ads.NextAsync("the first, empty CDS response");
        Assert.That((first.TypeUrl, first.Resources.Count, second.TypeUrl, second.Resources.Count),
            Is.EqualTo((TypeUrls.Listener, 0, TypeUrls.Cluster, 0)));
        Assert.That(first.VersionInfo, Is.Not.Empty);
    }

    [Test]
    public async Task D11_UnknownProfileConnectedBeforeTheFirstPublishIsAnsweredByIt()
    {
        await using var server = await TestXdsServer.StartAsync(profiles: new NodeProfileResolver());
        using var http = GrpcTestCall.CreateClient();
        await using var early = await SotwTestStream.OpenAsync(http, server.Address, XdsServices.AggregatedSotw);
        await early.RequestAsync(TypeUrls.Cluster, node: NodeWith("early", "xds.profile", "bogus"));
        // Once its request is on record nothing can be sent yet: the store has no configuration at all.
        await Bounded.WaitAsync(Task.Run(async () =>
        {
            while (server.Ledger.Count == 0)
            {
                await Task.Delay(10);
            }
        }), "the early stream to open");

        server.Publish(Resources.Service("secure"), profile: "gateway/default/secure");

        var response = await early.NextAsync("the empty CDS response after the first publish");
        Assert.That((response.TypeUrl, response.Resources.Count), Is.EqualTo((TypeUrls.Cluster, 0)));
    }

    private static Node NodeWith(string id, string key, string value)
    {
        var node = SotwTestStream.TestNode(id);
        node.Metadata = new Struct { Fields = { [key] = Value.ForString(value) } };
        return node;
    }
}
