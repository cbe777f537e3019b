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
}
