using Envoy.Service.Discovery.V3;
using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Protocol;
using XdsControlPlane.Xds.Snapshots;
using XdsControlPlane.Xds.Tests.Support;
using XdsControlPlane.Xds.Transport;

namespace XdsControlPlane.Xds.Tests.Protocol;

/// <summary>Streams, services, node handling and nonces (P1–P5), SotW, over real loopback HTTP/2.</summary>
public sealed class SotwStreamTests : ServerFixture
{
    [Test]
    public async Task P1_AdsServesClustersToAWildcardSubscriber()
    {
        Publish(Resources.Service("a"), Resources.Service("b"));
        await using var ads = await OpenAds(TypeUrls.Cluster);

        var response = await ads.NextAsync("CDS response");

        Assert.That(response.TypeUrl, Is.EqualTo(TypeUrls.Cluster));
        Assert.That(Resources.Names(response), Is.EqualTo(new[] { "a-cluster", "b-cluster" }));
        Assert.That(response.VersionInfo, Is.EqualTo(CurrentVersion(TypeUrls.Cluster)));
    }

    private static IEnumerable<TestCaseData> PerTypeServices() =>
        XdsServices.PerType.Select(s => new TestCaseData(s.Service, s.Sotw, s.TypeUrl).SetName($"P1_PerTypeSotw_{s.Sotw}_ServesItsType"));

    [TestCaseSource(nameof(PerTypeServices))]
    public async Task P1_PerTypeSotwServiceServesItsType(string service, string method, string typeUrl)
    {
        Publish(Resources.Service("a"));
        var names = typeUrl switch
        {
            TypeUrls.RouteConfiguration => new[] { "a-route" },
            TypeUrls.ClusterLoadAssignment => ["a-cluster"],
            TypeUrls.Secret => [BarrierSecret],
            _ => [],
        };
        await using var stream = await SotwTestStream.OpenAsync(Http, Server.Address, $"/{service}/{method}", typeUrl);

        // Per-type services may leave type_url empty: the service implies it.
        var request = new DiscoveryRequest { Node = SotwTestStream.TestNode("per-type") };
        request.ResourceNames.AddRange(names);
        await stream.SendAsync(request);
        var response = await stream.NextAsync($"{method} response");

        Assert.That(response.TypeUrl, Is.EqualTo(typeUrl));
        Assert.That(response.Resources, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task P1_PerTypeServiceRejectsAnotherTypesUrl()
    {
        Publish(Resources.Service("a"));
        await using var stream = await SotwTestStream.OpenAsync(Http, Server.Address, "/envoy.service.cluster.v3.ClusterDiscoveryService/StreamClusters");

        await stream.RequestAsync(TypeUrls.Listener, node: SotwTestStream.TestNode("n"));
        var (status, message) = await stream.EndAsync();

        Assert.That(status, Is.EqualTo((int)GrpcStatusCode.InvalidArgument));
        Assert.That(message, Does.Contain(TypeUrls.Listener));
    }

    [Test]
    public async Task P2_AdsClosesTheStreamOnAnEmptyTypeUrl()
    {
        Publish(Resources.Service("a"));
        await using var ads = await OpenAds();

        await ads.RequestAsync(string.Empty, node: SotwTestStream.TestNode("n"));
        var (status, message) = await ads.EndAsync();

        Assert.That(status, Is.EqualTo((int)GrpcStatusCode.InvalidArgument));
        Assert.That(message, Does.Contain("type_url is empty"));
    }

    [Test]
    public async Task P2_DeltaAdsClosesTheStreamOnAnEmptyTypeUrl()
    {
        await using var ads = await OpenDeltaAds();

        await ads.RequestAsync(string.Empty, node: SotwTestStream.TestNode("n"));
        var (status, message) = await ads.EndAsync();

        Assert.That(status, Is.EqualTo((int)GrpcStatusCode.InvalidArgument));
        Assert.That(message, Does.Contain("type_url is empty"));
    }

    [Test]
    public async Task P3_VersionNonceAndSubscriptionAreKeptPerType()
    {
        Publish(Resources.Service("a"));
        await using var ads = await OpenAds(TypeUrls.Cluster);
        var cds = await ads.NextAsync("CDS");
        await ads.RequestAsync(TypeUrls.Listener);
        var lds = await ads.NextAsync("LDS");

        // ACK CDS, NACK LDS: each type's ledger moves on its own.
        await AckAsync(ads, cds);
        await ads.NackAsync(lds, acceptedVersion: string.Empty, "listener rejected");
        await AssertNothingSentAsync(ads, "an ACK and a NACK need no response");

        var row = Server.Ledger.Find("node-1").Single();
        Assert.That(row.Types[TypeUrls.Cluster].LastAck?.Version, Is.EqualTo(cds.VersionInfo));
        Assert.That(row.Types[TypeUrls.Cluster].LastNack, Is.Null);
        Assert.That(row.Types[TypeUrls.Listener].LastNack?.RejectedVersion, Is.EqualTo(lds.VersionInfo));
        Assert.That(row.Types[TypeUrls.Listener].LastAck, Is.Null);

        // A stale CDS nonce does not touch LDS, and an LDS nonce is not valid for CDS.
        await ads.RequestAsync(TypeUrls.Cluster, ["x"], ackOf: lds);
        await AssertNothingSentAsync(ads, "the LDS nonce is stale for CDS");
    }

    [Test]
    public async Task P4_FirstRequestWithoutNodeIsRejected()
    {
        await using var ads = await OpenAds();

        await ads.RequestAsync(TypeUrls.Cluster);
        var (status, message) = await ads.EndAsync();

        Assert.That(status, Is.EqualTo((int)GrpcStatusCode.InvalidArgument));
        Assert.That(message, Does.Contain("node"));
    }

    [Test]
    public async Task P4_LaterRequestsMayOmitTheNodeButMayNotChangeIt()
    {
        Publish(Resources.Service("a"));
        await using var ads = await OpenAds(TypeUrls.Cluster);
        var cds = await ads.NextAsync("CDS");
        await ads.RequestAsync(TypeUrls.Listener);
        await ads.NextAsync("LDS without node on a later request");

        await ads.RequestAsync(TypeUrls.Cluster, ackOf: cds, node: SotwTestStream.TestNode("someone-else"));
        var (status, message) = await ads.EndAsync();

        Assert.That(status, Is.EqualTo((int)GrpcStatusCode.InvalidArgument));
        Assert.That(message, Does.Contain("someone-else"));
    }

    [Test]
    public async Task P5_EveryResponseOnAStreamHasItsOwnNonce()
    {
        Publish(Resources.Service("a"));
        await using var ads = await OpenAds(TypeUrls.Cluster);
        await ads.RequestAsync(TypeUrls.Listener);
        for (var i = 0; i < 5; i++)
        {
            Publish(Resources.Service("a", port: 6000 + i), Resources.Service($"extra{i}"));
        }

        // Read until the last publish reached both types; the test stream fails on any repeated nonce.
        var last = Server.Store.Get("default")!;
        var seen = new HashSet<string>();
        while (!(seen.Contains(last[TypeUrls.Cluster].Version) && seen.Contains(last[TypeUrls.Listener].Version)))
        {
            seen.Add((await ads.NextAsync("pushes of the last snapshot")).VersionInfo);
        }

        Assert.That(ads.Received.Select(r => r.Nonce), Is.Unique);
        Assert.That(ads.Received, Has.Count.GreaterThanOrEqualTo(2));
    }

    [Test]
    public async Task Stream_EndsWithOkWhenTheClientHalfCloses()
    {
        Publish(Resources.Service("a"));
        await using var ads = await OpenAds(TypeUrls.Cluster);
        await ads.NextAsync("CDS");

        ads.Call.CompleteRequest();
        var (status, _) = await ads.EndAsync();

        Assert.That(status, Is.EqualTo((int)GrpcStatusCode.Ok));
    }

    [Test]
    public async Task Ledger_ForgetsAStreamWhenItEnds()
    {
        Publish(Resources.Service("a"));
        var ads = await OpenAds(TypeUrls.Cluster, nodeId: "leaving");
        await ads.NextAsync("CDS");
        Assert.That(Server.Ledger.Find("leaving"), Has.Count.EqualTo(1));

        ads.Call.CompleteRequest();
        await ads.EndAsync();
        await ads.DisposeAsync();

        Assert.That(Server.Ledger.Find("leaving"), Is.Empty);
    }
}
