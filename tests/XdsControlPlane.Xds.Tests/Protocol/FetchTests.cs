using Envoy.Service.Discovery.V3;
using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Protocol;
using XdsControlPlane.Xds.Snapshots;
using XdsControlPlane.Xds.Tests.Support;
using XdsControlPlane.Xds.Transport;

namespace XdsControlPlane.Xds.Tests.Protocol;

/// <summary>The unary <c>Fetch*</c> methods of the per-type services: the node's current state of one type, once.</summary>
public sealed class FetchTests : ServerFixture
{
    /// <summary>A unary call through Grpc.Net.Client, as a polling client makes it.</summary>
    private Task<(DiscoveryResponse? Response, int Status, string? Message)> FetchAsync(string method, DiscoveryRequest request) =>
        GrpcClient.UnaryAsync(Http, Server.Address, method, request, DiscoveryResponse.Parser);

    private static IEnumerable<TestCaseData> FetchMethods() =>
        XdsServices.PerType.Select(s => new TestCaseData($"/{s.Service}/{s.Fetch}", s.TypeUrl).SetName($"P1_{s.Fetch}_AnswersWithEveryResourceOfItsTypeAndTheSotwVersion"));

    [TestCaseSource(nameof(FetchMethods))]
    public async Task FetchWithoutNames_AnswersWithEveryResource_AndTheVersionAStreamWouldSend(string method, string typeUrl)
    {
        Publish(Resources.Service("a"), Resources.Service("b"), One(Resources.Secret("s1")));

        var (response, status, _) = await FetchAsync(method, new DiscoveryRequest { Node = SotwTestStream.TestNode("poller") });

        var expected = Server.Store.Get(SnapshotStore.DefaultProfile)![typeUrl];
        Assert.That(status, Is.EqualTo(0));
        Assert.That(response!.TypeUrl, Is.EqualTo(typeUrl));
        Assert.That(Resources.Names(response), Is.EqualTo(expected.Items.Select(r => r.Name)));
        Assert.That(response.VersionInfo, Is.EqualTo(expected.Version));
        Assert.That(Server.Ledger.Find("poller"), Is.Empty, "a fetch is not a stream: nothing to track");
    }

    [Test]
    public async Task FetchOfNames_AnswersWithThoseThatExist_VersionedLikeASotwSubscription()
    {
        Publish(Resources.Service("a"), Resources.Service("b"), Resources.Service("c"));
        var request = new DiscoveryRequest { Node = SotwTestStream.TestNode("poller"), ResourceNames = { "c-cluster", "missing", "a-cluster" } };

        var (response, _, _) = await FetchAsync("/envoy.service.endpoint.v3.EndpointDiscoveryService/FetchEndpoints", request);

        var set = Server.Store.Get(SnapshotStore.DefaultProfile)![TypeUrls.ClusterLoadAssignment];
        Assert.That(Resources.Names(response!), Is.EqualTo(new[] { "a-cluster", "c-cluster" }));
        Assert.That(response!.VersionInfo, Is.EqualTo(ResourceSet.VersionOf([set.ByName["a-cluster"], set.ByName["c-cluster"]])));
    }

    [Test]
    public async Task FetchWithoutNode_IsInvalidArgument()
    {
        Publish(Resources.Service("a"));

        var (_, status, message) = await FetchAsync("/envoy.service.cluster.v3.ClusterDiscoveryService/FetchClusters", new DiscoveryRequest());

        Assert.That(status, Is.EqualTo((int)GrpcStatusCode.InvalidArgument));
        Assert.That(message, Does.Contain("node.id"));
    }

    [Test]
    public async Task FetchBeforeAnythingIsPublished_IsUnavailable_NamingTheProfile()
    {
        var (_, status, message) = await FetchAsync("/envoy.service.cluster.v3.ClusterDiscoveryService/FetchClusters",
            new DiscoveryRequest { Node = SotwTestStream.TestNode("early", profile: "nothing-yet") });

        Assert.That(status, Is.EqualTo((int)GrpcStatusCode.Unavailable));
        Assert.That(message, Does.Contain("'nothing-yet'"));
    }
}
