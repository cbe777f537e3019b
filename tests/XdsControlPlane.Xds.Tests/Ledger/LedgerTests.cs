using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Ledger;

namespace XdsControlPlane.Xds.Tests.Ledger;

/// <summary>The ACK/NACK ledger on a manual clock.</summary>
public sealed class LedgerTests
{
    private const string Cds = Xds.Snapshots.TypeUrls.Cluster;
    private readonly ManualClock _clock = new();

    private StreamLedger Open(ProxyLedger ledger, string node = "n") =>
        ledger.Open(new StreamIdentity(node, "c", "default", "envoy 1.31.0", "sotw", true, "127.0.0.1:1"));

    [Test]
    public void TracksSentAckedAndNackedPerTypeWithCountersAndTimes()
    {
        var ledger = new ProxyLedger(_clock);
        using var stream = Open(ledger);

        stream.Sent(Cds, "v1", "1", 3);
        _clock.Advance(TimeSpan.FromSeconds(1));
        stream.Acked(Cds, "v1");
        _clock.Advance(TimeSpan.FromSeconds(1));
        stream.Sent(Cds, "v2", "2", 3);
        stream.Nacked(Cds, "v2", 3, "bad cluster");

        var row = ledger.Find("n").Single().Types[Cds];
        Assert.That(row.LastSent, Is.EqualTo(new SentRecord("v2", "2", _clock.GetUtcNow(), 3)));
        Assert.That(row.LastAck, Is.EqualTo(new AckRecord("v1", _clock.GetUtcNow() - TimeSpan.FromSeconds(1))));
        Assert.That(row.LastNack, Is.EqualTo(new NackRecord("v2", "bad cluster", 3, _clock.GetUtcNow())));
        Assert.That((row.Pushes, row.Acks, row.Nacks), Is.EqualTo((2L, 1L, 1L)));
        Assert.That(row.State, Is.EqualTo(SyncState.Error));
    }

    [Test]
    public void StateMovesFromNotSentToStaleToSyncedAndBackToSyncedAfterAnError()
    {
        var ledger = new ProxyLedger(_clock);
        using var stream = Open(ledger);
        stream.Acked("other", "x");
        Assert.That(ledger.Find("n").Single().Types["other"].State, Is.EqualTo(SyncState.NotSent));

        stream.Sent(Cds, "v1", "1", 1);
        Assert.That(State(), Is.EqualTo(SyncState.Stale));
        _clock.Advance(TimeSpan.FromMilliseconds(5));
        stream.Acked(Cds, "v1");
        Assert.That(State(), Is.EqualTo(SyncState.Synced));

        _clock.Advance(TimeSpan.FromMilliseconds(5));
        stream.Sent(Cds, "v2", "2", 1);
        _clock.Advance(TimeSpan.FromMilliseconds(5));
        stream.Nacked(Cds, "v2", 3, "no");
        Assert.That(State(), Is.EqualTo(SyncState.Error));

        _clock.Advance(TimeSpan.FromMilliseconds(5));
        stream.Sent(Cds, "v3", "3", 1);
        Assert.That(State(), Is.EqualTo(SyncState.Stale));
        _clock.Advance(TimeSpan.FromMilliseconds(5));
        stream.Acked(Cds, "v3");
        Assert.That(State(), Is.EqualTo(SyncState.Synced));
        Assert.That(ledger.Find("n").Single().Types[Cds].LastNack?.Message, Is.EqualTo("no"), "the last NACK stays on record");

        SyncState State() => ledger.Find("n").Single().Types[Cds].State;
    }

    [Test]
    public void DisposingAStreamRemovesItAndOtherStreamsStay()
    {
        var ledger = new ProxyLedger(_clock);
        var a = Open(ledger, "a");
        using var b = Open(ledger, "b");

        a.Dispose();

        Assert.That(ledger.Proxies().Select(p => p.NodeId), Is.EqualTo(new[] { "b" }));
        Assert.That(ledger.Count, Is.EqualTo(1));
    }
    [Test]
    public void Delta_AckedResponsesAccumulateWhatTheClientHolds_AndRemovalsDropIt()
    {
        var ledger = new ProxyLedger(_clock);
        using var stream = ledger.Open(new StreamIdentity("d", "c", "default", "envoy 1.31.0", "delta", true, "127.0.0.1:1"));
        var (a, b) = (Xds.Snapshots.XdsResource.Create(Resources.Cluster("a")), Xds.Snapshots.XdsResource.Create(Resources.Cluster("b")));

        var first = stream.Sent(Cds, "v1", "1", 2, [a, b]);
        var second = stream.Sent(Cds, "v2", "2", 0, [], removed: ["a"]);
        var unacked = stream.Sent(Cds, "v3", "3", 1, [a]);
        stream.Acked(Cds, "v1", first);
        stream.Acked(Cds, "v2", second);

        var node = ledger.FindNode("d")!;
        Assert.Multiple(() =>
        {
            Assert.That(node.AckedResources(Cds)!.Select(r => r.Name), Is.EqualTo(new[] { "b" }));
            Assert.That(node.SentResources(Cds), Is.SameAs(unacked.Resources));
            Assert.That(ledger.Nodes().Single().Held, Is.Empty, "lists do not copy what delta clients hold");
        });
    }

    [Test]
    public void Sotw_AckKeepsTheResourcesOfTheResponseItAccepts_AndAHeartbeatKeepsThem()
    {
        var ledger = new ProxyLedger(_clock);
        using var stream = Open(ledger);
        IReadOnlyList<Xds.Snapshots.XdsResource> sent = [Xds.Snapshots.XdsResource.Create(Resources.Cluster("a"))];

        stream.Sent(Cds, "v1", "1", 1, sent);
        stream.Sent(Cds, "v1", "2", 1);
        var isNew = stream.Acked(Cds, "v1");
        var again = stream.Acked(Cds, "v1");

        var status = ledger.FindNode("n")!.Types[Cds];
        Assert.Multiple(() =>
        {
            Assert.That(status.LastSent!.Resources, Is.SameAs(sent));
            Assert.That(status.LastAck!.Resources, Is.SameAs(sent));
            Assert.That((isNew, again), Is.EqualTo((true, false)), "only the first ACK of a version is new");
        });
    }

    [Test]
    public void StreamsOfOneNode_MergeIntoOneNode_WithTheNewestStreamWinningPerType()
    {
        var ledger = new ProxyLedger(_clock);
        using var old = ledger.Open(new StreamIdentity("m", "c", "default", "envoy", "sotw", false, "p"));
        old.Sent(Cds, "old", "1", 0);
        _clock.Advance(TimeSpan.FromSeconds(1));
        using var lds = ledger.Open(new StreamIdentity("m", "c", "default", "envoy", "delta", false, "p"));
        lds.Sent(Xds.Snapshots.TypeUrls.Listener, "l", "1", 0);
        using var replacement = ledger.Open(new StreamIdentity("m", "c", "default", "envoy", "sotw", false, "p"));
        replacement.Sent(Cds, "new", "1", 0);

        var node = ledger.Nodes().Single();

        Assert.Multiple(() =>
        {
            Assert.That((node.Streams, node.Variant, node.Transport), Is.EqualTo((3, "mixed", "per-type")));
            Assert.That(node.Types[Cds].LastSent!.Version, Is.EqualTo("new"));
            Assert.That(node.Types[Xds.Snapshots.TypeUrls.Listener].LastSent!.Version, Is.EqualTo("l"));
            Assert.That(node.ConnectedAt, Is.EqualTo(old.ConnectedAt));
        });
    }
}
