using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Ledger;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Xds.Tests.Ledger;

/// <summary>Outstanding NACKs in the ledger (<see cref="TypeStatus.Rejected"/>): what is rejected, and what clears it.</summary>
public sealed class RejectionTests
{
    private const string Cds = TypeUrls.Cluster;
    private readonly ManualClock _clock = new();
    private readonly XdsResource _a = XdsResource.Create(Resources.Cluster("a"));
    private readonly XdsResource _b = XdsResource.Create(Resources.Cluster("b"));
    private readonly XdsResource _c = XdsResource.Create(Resources.Cluster("c"));

    private static StreamLedger Open(ProxyLedger ledger, string protocol, string node = "n") =>
        ledger.Open(new StreamIdentity(node, "c", "proxyless", "gRPC Node Pure JS 1.14.1", protocol, true, "127.0.0.1:1"));

    private static string[]? Rejected(ProxyLedger ledger, string node = "n") =>
        ledger.Find(node).Single().Types[Cds].Rejected?.SelectMany(n => n.Resources!).Select(r => r.Name).ToArray();

    [Test]
    public void Sotw_NackRejectsTheWholeResponse_UntilAnAckOfALaterVersion()
    {
        var ledger = new ProxyLedger(_clock);
        using var stream = Open(ledger, "sotw");
        var changes = 0;
        ledger.RejectionsChanged += () => changes++;
        IReadOnlyList<XdsResource> sent = [_a, _b];

        stream.Sent(Cds, "v1", "1", 2, sent);
        stream.Nacked(Cds, "v1", 3, "bad config");
        var nack = ledger.Find("n").Single().Types[Cds].Rejected!.Single();
        Assert.Multiple(() =>
        {
            Assert.That(nack.Resources, Is.SameAs(sent), "the response's own list, not a copy");
            Assert.That(nack.Message, Is.EqualTo("bad config"));
            Assert.That(ledger.Rejecting().Select(p => p.Identity.NodeId), Is.EqualTo(new[] { "n" }));
        });

        stream.Sent(Cds, "v2", "2", 1, [_c]);
        stream.Acked(Cds, "v2");
        Assert.Multiple(() =>
        {
            Assert.That(Rejected(ledger), Is.Null);
            Assert.That(ledger.Find("n").Single().Types[Cds].LastNack?.Message, Is.EqualTo("bad config"), "kept for the record");
            Assert.That(ledger.Rejecting(), Is.Empty);
            Assert.That(changes, Is.EqualTo(2), "the NACK and the ACK that cleared it");
        });

        stream.Sent(Cds, "v3", "3", 1, [_c]);
        stream.Acked(Cds, "v3");
        Assert.That(changes, Is.EqualTo(2), "an ACK with nothing outstanding signals nothing");
    }

    [Test]
    public void Delta_AnAckClearsOnlyTheResourcesItCarriedOrRemoved()
    {
        var ledger = new ProxyLedger(_clock);
        using var stream = Open(ledger, "delta");

        var first = stream.Sent(Cds, "v1", "1", 2, [_a, _b]);
        stream.Nacked(Cds, "v1", 3, "bad a and b", first);
        var other = stream.Sent(Cds, "v2", "2", 1, [_c]);
        stream.Acked(Cds, "v2", other);
        Assert.That(Rejected(ledger), Is.EqualTo(new[] { "a", "b" }), "an ACK of another resource clears nothing");

        var fixedA = stream.Sent(Cds, "v3", "3", 1, [XdsResource.Create(Resources.Cluster("a", Envoy.Config.Cluster.V3.Cluster.Types.LbPolicy.RingHash))]);
        stream.Acked(Cds, "v3", fixedA);
        Assert.That(Rejected(ledger), Is.EqualTo(new[] { "b" }));
        Assert.That(ledger.Find("n").Single().Types[Cds].Rejected!.Single().Message, Is.EqualTo("bad a and b"));

        var removeB = stream.Sent(Cds, "v4", "4", 0, [], removed: ["b"]);
        stream.Acked(Cds, "v4", removeB);
        Assert.That(Rejected(ledger), Is.Null);
    }

    [Test]
    public void Delta_ALaterNackOfTheSameResourceReplacesTheEarlierReason()
    {
        var ledger = new ProxyLedger(_clock);
        using var stream = Open(ledger, "delta");

        stream.Nacked(Cds, "v1", 3, "first", stream.Sent(Cds, "v1", "1", 2, [_a, _b]));
        stream.Nacked(Cds, "v2", 3, "second", stream.Sent(Cds, "v2", "2", 1, [_a]));

        var rejected = ledger.Find("n").Single().Types[Cds].Rejected!;
        Assert.That(rejected.Select(n => (n.Message, string.Join(",", n.Resources!.Select(r => r.Name)))),
            Is.EqualTo(new[] { ("first", "b"), ("second", "a") }));
    }

    [Test]
    public void Delta_OutstandingNacksAreBounded()
    {
        var ledger = new ProxyLedger(_clock);
        using var stream = Open(ledger, "delta");

        for (var i = 0; i < StreamLedger.MaxRejections + 5; i++)
        {
            var resource = XdsResource.Create(Resources.Cluster($"r{i}"));
            stream.Nacked(Cds, $"v{i}", 3, $"bad {i}", stream.Sent(Cds, $"v{i}", $"{i}", 1, [resource]));
        }

        var rejected = ledger.Find("n").Single().Types[Cds].Rejected!;
        Assert.That(rejected.Select(n => n.Message), Is.EqualTo(Enumerable.Range(5, StreamLedger.MaxRejections).Select(i => $"bad {i}")));
    }

    [Test]
    public void MultipleClients_EachKeepsItsOwnRejection_AndAStreamsEndTakesItsAway()
    {
        var ledger = new ProxyLedger(_clock);
        var one = Open(ledger, "sotw", "one");
        using var two = Open(ledger, "delta", "two");
        var changes = 0;
        ledger.RejectionsChanged += () => changes++;

        one.Sent(Cds, "v1", "1", 1, [_a]);
        one.Nacked(Cds, "v1", 3, "one says no");
        two.Nacked(Cds, "v1", 3, "two says no", two.Sent(Cds, "v1", "1", 1, [_a]));
        Assert.That(ledger.Rejecting().Select(p => p.Identity.NodeId), Is.EqualTo(new[] { "one", "two" }));

        var epoch = ledger.RejectionEpoch;
        one.Dispose();
        Assert.Multiple(() =>
        {
            Assert.That(ledger.Rejecting().Select(p => p.Identity.NodeId), Is.EqualTo(new[] { "two" }));
            Assert.That(ledger.RejectionEpoch, Is.EqualTo(epoch + 1), "a stream that ends with a rejection signals");
            Assert.That(changes, Is.EqualTo(3));
        });
    }

    [TestCase("xDS response validation errors: [resource index 2: c: validation error: bad]", "c", TestName = "gRPC names a resource by its index")]
    [TestCase("xDS response validation errors: [resource index 0: bad; resource index 2: worse]", "a,c", TestName = "several indices")]
    [TestCase("Error adding/updating cluster(s) b: cluster: duplicate", "b", TestName = "Envoy names a cluster")]
    [TestCase("Error adding/updating listener(s) 'a', c: bad", "a,c", TestName = "names quoted and listed")]
    [TestCase("resource index 99: out of range, and no name", "a,b,c", TestName = "an index past the response narrows nothing")]
    [TestCase("Invalid route header matcher specified.", "a,b,c", TestName = "no name, no index: the whole response")]
    public void Sotw_TheClientsMessageNarrowsTheRejectedResources(string message, string expected)
    {
        var ledger = new ProxyLedger(_clock);
        using var stream = Open(ledger, "sotw");
        stream.Sent(Cds, "v1", "1", 3, [_a, _b, _c]);

        stream.Nacked(Cds, "v1", 3, message);

        var nack = ledger.Find("n").Single().Types[Cds].Rejected!.Single();
        Assert.That(string.Join(",", nack.Resources!.Select(r => r.Name)), Is.EqualTo(expected));
        Assert.That(nack.Narrowed, Is.EqualTo(expected != "a,b,c"));
    }
}
