using Envoy.Config.Cluster.V3;
using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Snapshots;
using XdsControlPlane.Xds.Tests.Support;

namespace XdsControlPlane.Xds.Tests.Protocol;

/// <summary>Versions, ACK and NACK in State of the World (P6–P10).</summary>
public sealed class SotwAckNackTests : ServerFixture
{
    [Test]
    public async Task P6_VersionChangesOnlyWhenTheClientsOwnResourcesChange()
    {
        Publish(Resources.Service("a"), Resources.Service("b"));
        await using var ads = await OpenAds(TypeUrls.ClusterLoadAssignment, ["a-cluster"]);
        var first = await ads.NextAsync("EDS for a-cluster");
        await AckAsync(ads, first, ["a-cluster"]);

        // Only b's endpoints change: nothing this client asked for changed, so nothing is sent.
        Publish(Resources.Service("a"), Resources.Service("b", port: 7000));
        await AssertNothingSentAsync(ads, "b-cluster's endpoints are not subscribed");

        Publish(Resources.Service("a", port: 7001), Resources.Service("b", port: 7000));
        var second = await ads.NextAsync("EDS after a-cluster's endpoints changed");

        Assert.That(second.VersionInfo, Is.Not.EqualTo(first.VersionInfo));
        Assert.That(Resources.Names(second), Is.EqualTo(new[] { "a-cluster" }));
    }

    [Test]
    public async Task P6_EqualContentGivesTheSameVersionAfterARepublish()
    {
        Publish(Resources.Service("a"));
        await using var ads = await OpenAds(TypeUrls.Cluster);
        var first = await ads.NextAsync("CDS");
        await AckAsync(ads, first);

        // A rebuild from equal inputs creates new objects but the same bytes: no push, same version.
        Assert.That(Publish(Resources.Service("a")), Is.False);
        await AssertNothingSentAsync(ads, "the content did not change");
        Assert.That(CurrentVersion(TypeUrls.Cluster), Is.EqualTo(first.VersionInfo));
    }

    [Test]
    public async Task P7_AnAckIsNotAnsweredWhenNothingChanged()
    {
        Publish(Resources.Service("a"));
        await using var ads = await OpenAds(TypeUrls.Cluster);
        var cds = await ads.NextAsync("CDS");

        await AckAsync(ads, cds);
        await AssertNothingSentAsync(ads, "an ACK of the current version needs no response");

        var row = Server.Ledger.Find("node-1").Single().Types[TypeUrls.Cluster];
        Assert.That(row.LastAck?.Version, Is.EqualTo(cds.VersionInfo));
        Assert.That(row.Acks, Is.EqualTo(1));
        Assert.That(row.Pushes, Is.EqualTo(1));
    }

    [Test]
    public async Task P8_ANackIsRecognisedByErrorDetailEvenWhenTheVersionLooksAccepted()
    {
        Publish(Resources.Service("a"));
        await using var ads = await OpenAds(TypeUrls.Cluster);
        var cds = await ads.NextAsync("CDS");

        // A client that echoes the version it was sent, but sets error_detail: still a NACK.
        await ads.NackAsync(cds, acceptedVersion: cds.VersionInfo, "cluster a-cluster: unsupported lb_policy");
        await AssertNothingSentAsync(ads, "a NACK is not answered with the same version");

        var row = Server.Ledger.Find("node-1").Single().Types[TypeUrls.Cluster];
        Assert.That(row.LastNack?.Message, Is.EqualTo("cluster a-cluster: unsupported lb_policy"));
        Assert.That(row.LastNack?.RejectedVersion, Is.EqualTo(cds.VersionInfo));
        Assert.That(row.LastAck, Is.Null);
        Assert.That(row.Nacks, Is.EqualTo(1));
    }

    [Test]
    public async Task P9_Nack_KeepsLastAckedVersionAndSendsOnlyTheNextNewVersion()
    {
        Publish(Resources.Service("a"));
        await using var ads = await OpenAds(TypeUrls.Cluster);
        var good = await ads.NextAsync("CDS v1");
        await AckAsync(ads, good);
        await AssertNothingSentAsync(ads, "the ACK must be processed before the next publish, or it would be stale");

        var bad = Resources.Cluster("a-cluster", Cluster.Types.LbPolicy.Maglev);
        Publish(Resources.Service("a").Where(r => r.TypeUrl != TypeUrls.Cluster), One(bad));
        var rejected = await ads.NextAsync("CDS v2 (to be NACKed)");
        await ads.NackAsync(rejected, good.VersionInfo, "MAGLEV is not supported");

        // The rejected version is not sent again, not even when a snapshot with other changes is published.
        Publish(Resources.Service("a").Where(r => r.TypeUrl != TypeUrls.Cluster), One(bad), One(Resources.Route("other", "a-cluster")));
        await AssertNothingSentAsync(ads, "v2 was rejected");

        var status = Server.Ledger.Find("node-1").Single().Types[TypeUrls.Cluster];
        Assert.That(status.LastAck?.Version, Is.EqualTo(good.VersionInfo), "the client stays on what it accepted");
        Assert.That(status.LastNack?.RejectedVersion, Is.EqualTo(rejected.VersionInfo));
        Assert.That(status.LastNack?.Message, Is.EqualTo("MAGLEV is not supported"));

        Publish(Resources.Service("a", port: 9999).Where(r => r.TypeUrl != TypeUrls.Cluster), One(Resources.Cluster("a-cluster", Cluster.Types.LbPolicy.RingHash)));
        var next = await ads.NextAsync("CDS v3, the next new version");
        Assert.That(next.VersionInfo, Is.Not.EqualTo(rejected.VersionInfo).And.Not.EqualTo(good.VersionInfo));
        await AckAsync(ads, next);
        await AssertNothingSentAsync(ads, "v3 was ACKed");
        Assert.That(Server.Ledger.Find("node-1").Single().Types[TypeUrls.Cluster].LastAck?.Version, Is.EqualTo(next.VersionInfo));
    }

    [Test]
    public async Task P10_AStaleNonceUpdatesNothingAndSendsNothing()
    {
        Publish(Resources.Service("a"), Resources.Service("b"));
        await using var ads = await OpenAds(TypeUrls.ClusterLoadAssignment, ["a-cluster"]);
        var first = await ads.NextAsync("EDS v1");
        Publish(Resources.Service("a", port: 7000), Resources.Service("b"));
        var second = await ads.NextAsync("EDS v2");

        // Answering the superseded response, and asking for b-cluster in it: ignored entirely.
        await ads.RequestAsync(TypeUrls.ClusterLoadAssignment, ["a-cluster", "b-cluster"], ackOf: first);
        await AssertNothingSentAsync(ads, "the request carried a stale nonce");
        Assert.That(Server.Ledger.Find("node-1").Single().Types[TypeUrls.ClusterLoadAssignment].LastAck, Is.Null);

        // The same request with the latest nonce is processed: b-cluster is newly named, so it is sent.
        await ads.RequestAsync(TypeUrls.ClusterLoadAssignment, ["a-cluster", "b-cluster"], ackOf: second);
        var third = await ads.NextAsync("EDS with b-cluster");
        Assert.That(Resources.Names(third), Is.EqualTo(new[] { "b-cluster" }), "a-cluster is unchanged since v2 (P30)");
        Assert.That(Server.Ledger.Find("node-1").Single().Types[TypeUrls.ClusterLoadAssignment].LastAck?.Version, Is.EqualTo(second.VersionInfo));
    }
}
