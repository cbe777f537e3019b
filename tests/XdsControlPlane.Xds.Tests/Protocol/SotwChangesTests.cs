using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Snapshots;
using XdsControlPlane.Xds.Tests.Support;

namespace XdsControlPlane.Xds.Tests.Protocol;

/// <summary>SotW RDS, EDS and SDS responses carry only what changed; LDS and CDS stay full state (P30).</summary>
public sealed class SotwChangesTests : ServerFixture
{
    private static readonly string[] s_clusters = ["a-cluster", "b-cluster", "c-cluster"];

    [Test]
    public async Task P30_AnEndpointChangeSendsOnlyTheChangedAssignmentUnderTheWholeSubscriptionsVersion()
    {
        Publish(Resources.Service("a"), Resources.Service("b"), Resources.Service("c"));
        await using var ads = await OpenAds(TypeUrls.ClusterLoadAssignment, s_clusters);
        var first = await ads.NextAsync("EDS, first response");
        Assert.That(Resources.Names(first), Is.EqualTo(s_clusters), "the first response carries every subscribed name");
        await AckAsync(ads, first, s_clusters);

        Publish(Resources.Service("a"), Resources.Service("b", port: 9999), Resources.Service("c"));
        var change = await ads.NextAsync("EDS after b's endpoint moved");

        Assert.That(Resources.Names(change), Is.EqualTo(new[] { "b-cluster" }));
        Assert.That(change.VersionInfo, Is.EqualTo(CurrentVersion(TypeUrls.ClusterLoadAssignment)),
            "the version still names everything the client holds (P6)");
        await AckAsync(ads, change, s_clusters);
        await AssertNothingSentAsync(ads, "the change was ACKed");
    }

    [Test]
    public async Task P30_ARouteChangeSendsOnlyThatRouteConfiguration()
    {
        Publish(Resources.Service("a"), Resources.Service("b"));
        await using var ads = await OpenAds(TypeUrls.RouteConfiguration, ["a-route", "b-route"]);
        var first = await ads.NextAsync("RDS a, b");
        await AckAsync(ads, first, ["a-route", "b-route"]);

        Publish(Resources.Service("a"), Resources.Service("b").Where(r => r.TypeUrl != TypeUrls.RouteConfiguration),
            One(Resources.Route("b-route", "a-cluster")));
        var change = await ads.NextAsync("RDS after b-route changed");

        Assert.That(Resources.Names(change), Is.EqualTo(new[] { "b-route" }));
    }

    [Test]
    public async Task P30_ListenersAndClustersStayFullState()
    {
        Publish(Resources.Service("a"), Resources.Service("b"));
        await using var ads = await OpenAds(TypeUrls.Cluster);
        var first = await ads.NextAsync("CDS");
        await AckAsync(ads, first);

        Publish(Resources.Service("a"), Resources.Service("b").Where(r => r.TypeUrl != TypeUrls.Cluster),
            One(Resources.Cluster("b-cluster", Envoy.Config.Cluster.V3.Cluster.Types.LbPolicy.RingHash)));
        var change = await ads.NextAsync("CDS after b-cluster changed");

        Assert.That(Resources.Names(change), Is.EqualTo(new[] { "a-cluster", "b-cluster" }), "a name left out of CDS is deleted (P18)");
    }

    [Test]
    public async Task P30_AfterANackTheRefusedChangeComesAgainWithTheNextOne()
    {
        Publish(Resources.Service("a"), Resources.Service("b"), Resources.Service("c"));
        await using var ads = await OpenAds(TypeUrls.ClusterLoadAssignment, s_clusters);
        var first = await ads.NextAsync("EDS v1");
        await AckAsync(ads, first, s_clusters);
        await AssertNothingSentAsync(ads, "the ACK must be processed before the next publish, or it would be stale");

        Publish(Resources.Service("a"), Resources.Service("b", port: 9999), Resources.Service("c"));
        var refused = await ads.NextAsync("EDS v2 (to be NACKed)");
        Assert.That(Resources.Names(refused), Is.EqualTo(new[] { "b-cluster" }));
        await ads.NackAsync(refused, first.VersionInfo, "b-cluster: port refused", s_clusters);
        await AssertNothingSentAsync(ads, "v2 was refused");

        // The client stays on v1; the next change is planned against what it accepted, so b comes again with c.
        Publish(Resources.Service("a"), Resources.Service("b", port: 9999), Resources.Service("c", port: 7777));
        var next = await ads.NextAsync("EDS v3");

        Assert.That(Resources.Names(next), Is.EqualTo(new[] { "b-cluster", "c-cluster" }));
        Assert.That(next.VersionInfo, Is.Not.EqualTo(refused.VersionInfo));
    }

    [Test]
    public async Task P30_ANackOfAnEarlierResponseStillCounts()
    {
        Publish(Resources.Service("a"), Resources.Service("b"), Resources.Service("c"));
        await using var ads = await OpenAds(TypeUrls.ClusterLoadAssignment, s_clusters);
        var first = await ads.NextAsync("EDS v1");
        await AckAsync(ads, first, s_clusters);
        await AssertNothingSentAsync(ads, "the ACK must be processed before the next publish, or it would be stale");

        Publish(Resources.Service("a"), Resources.Service("b", port: 9999), Resources.Service("c"));
        var second = await ads.NextAsync("EDS v2 (b)");
        Publish(Resources.Service("a"), Resources.Service("b", port: 9999), Resources.Service("c", port: 7777));
        var third = await ads.NextAsync("EDS v3 (c), sent before v2 was answered");
        Assert.That(Resources.Names(third), Is.EqualTo(new[] { "c-cluster" }));

        // The client refuses v2 (a stale nonce by now, P10: no answer) and accepts v3: it holds a, c but not b's change.
        await ads.NackAsync(second, first.VersionInfo, "b-cluster: port refused", s_clusters);
        await AckAsync(ads, third, s_clusters);
        await AssertNothingSentAsync(ads, "a stale NACK gets no response");

        Publish(Resources.Service("a", port: 6666), Resources.Service("b", port: 9999), Resources.Service("c", port: 7777));
        var next = await ads.NextAsync("EDS v4");
        Assert.That(Resources.Names(next), Is.EqualTo(s_clusters), "b, refused in v2, is sent again with the next change");
    }

    [Test]
    public async Task P30_AGrpcJsReleaseThatRemovesLeftOutResourcesGetsFullState()
    {
        Publish(Resources.Service("a"), Resources.Service("b"), Resources.Service("c"));
        await using var ads = await OpenAds();
        var node = SotwTestStream.TestNode("old-grpc-js");
        (node.UserAgentName, node.UserAgentVersion) = ("gRPC Node Pure JS", "1.3.7");
        await ads.RequestAsync(TypeUrls.ClusterLoadAssignment, s_clusters, node: node);
        var first = await ads.NextAsync("EDS v1");
        await AckAsync(ads, first, s_clusters);
        await AssertNothingSentAsync(ads, "the ACK must be processed before the next publish, or it would be stale");

        Publish(Resources.Service("a"), Resources.Service("b", port: 9999), Resources.Service("c"));
        var change = await ads.NextAsync("EDS after b's endpoint moved");

        Assert.That(Resources.Names(change), Is.EqualTo(s_clusters));
    }
}
