using System.Collections.Immutable;
using Envoy.Config.Cluster.V3;
using Envoy.Service.Discovery.V3;
using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Protocol;
using XdsControlPlane.Xds.Snapshots;
using XdsControlPlane.Xds.Tests.Support;

namespace XdsControlPlane.Xds.Tests.Protocol;

/// <summary>Incremental (delta) xDS over real loopback HTTP/2 (P1, P9, P11, P13, P14, P16, P17, P20, P22, P23).</summary>
public sealed class DeltaProtocolTests : ServerFixture
{
    private static string[] Names(DeltaDiscoveryResponse r) => r.Resources.Select(x => x.Name).ToArray();

    private async Task<DeltaTestStream> OpenDelta(string typeUrl, IEnumerable<string>? subscribe = null, string nodeId = "delta-1",
        IReadOnlyDictionary<string, string>? initialVersions = null)
    {
        var ads = await OpenDeltaAds();
        await ads.RequestAsync(typeUrl, subscribe, node: SotwTestStream.TestNode(nodeId), initialVersions: initialVersions);
        return ads;
    }

    [Test]
    public async Task P1_DeltaAdsWildcardGetsEveryClusterWithItsVersion()
    {
        Publish(Resources.Service("a"), Resources.Service("b"));
        await using var ads = await OpenDelta(TypeUrls.Cluster);

        var response = await ads.NextAsync("delta CDS");

        Assert.That(Names(response), Is.EqualTo(new[] { "a-cluster", "b-cluster" }));
        Assert.That(response.SystemVersionInfo, Is.EqualTo(CurrentVersion(TypeUrls.Cluster)));
    }

    private static IEnumerable<TestCaseData> PerTypeServices() =>
        XdsServices.PerType.Select(s => new TestCaseData(s.Service, s.Delta, s.TypeUrl).SetName($"P1_PerTypeDelta_{s.Delta}_ServesItsType"));

    [TestCaseSource(nameof(PerTypeServices))]
    public async Task P1_PerTypeDeltaServiceServesItsType(string service, string method, string typeUrl)
    {
        Publish(Resources.Service("a"));
        await using var stream = await DeltaTestStream.OpenAsync(Http, Server.Address, $"/{service}/{method}", typeUrl);

        await stream.SendAsync(new DeltaDiscoveryRequest { Node = SotwTestStream.TestNode("per-type") });
        var response = await stream.NextAsync($"{method} response");

        Assert.That(response.TypeUrl, Is.EqualTo(typeUrl));
        Assert.That(response.Resources, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task P23_EachResourceCarriesTheHashOfItsBytesAsVersion()
    {
        Publish(Resources.Service("a"));
        await using var ads = await OpenDelta(TypeUrls.ClusterLoadAssignment, ["a-cluster"]);

        var resource = (await ads.NextAsync("delta EDS")).Resources.Single();

        Assert.That(resource.Version, Is.EqualTo(ContentHash.Of(resource.Resource_.Value.Span)));
    }

    [Test]
    public async Task P20_OnlyWhatChangedIsSentAndDeletionsGoInRemovedResources()
    {
        Publish(Resources.Service("a"), Resources.Service("b"), Resources.Service("c"));
        await using var ads = await OpenDelta(TypeUrls.ClusterLoadAssignment, ["a-cluster", "b-cluster", "c-cluster"]);
        var first = await ads.NextAsync("delta EDS a, b, c");
        Assert.That(Names(first), Is.EqualTo(new[] { "a-cluster", "b-cluster", "c-cluster" }));
        await ads.RequestAsync(TypeUrls.ClusterLoadAssignment, ackOf: first);

        Publish(Resources.Service("a"), Resources.Service("b", port: 7000));
        var second = await ads.NextAsync("delta EDS: b changed, c deleted");

        Assert.That(Names(second), Is.EqualTo(new[] { "b-cluster" }));
        Assert.That(second.RemovedResources, Is.EqualTo(new[] { "c-cluster" }));
    }

    [Test]
    public async Task P11_ASubscriptionChangeWithoutNonceIsProcessedWhileAResponseIsUnacknowledged()
    {
        Publish(Resources.Service("a"), Resources.Service("b"));
        await using var ads = await OpenDelta(TypeUrls.ClusterLoadAssignment, ["a-cluster"]);
        await ads.NextAsync("delta EDS a (left unacknowledged)");

        await ads.RequestAsync(TypeUrls.ClusterLoadAssignment, subscribe: ["b-cluster"]);
        var response = await ads.NextAsync("delta EDS b");

        Assert.That(Names(response), Is.EqualTo(new[] { "b-cluster" }));
    }

    [Test]
    public async Task P16_AnExplicitSubscribeIsAnsweredEvenIfTheClientHasIt_AndUnknownUnsubscribesAreIgnored()
    {
        Publish(Resources.Service("a"));
        await using var ads = await OpenDelta(TypeUrls.ClusterLoadAssignment, ["a-cluster"]);
        var first = await ads.NextAsync("delta EDS a");
        await ads.RequestAsync(TypeUrls.ClusterLoadAssignment, ackOf: first);

        await ads.RequestAsync(TypeUrls.ClusterLoadAssignment, unsubscribe: ["never-subscribed"]);
        await ads.RequestAsync(TypeUrls.ClusterLoadAssignment, subscribe: ["a-cluster"]);
        var again = await ads.NextAsync("delta EDS a again");

        Assert.That(Names(again), Is.EqualTo(new[] { "a-cluster" }));
        Assert.That(again.Resources[0].Version, Is.EqualTo(first.Resources[0].Version));
    }

    [Test]
    public async Task P17_ASubscribedNameThatDoesNotExistIsReportedRemovedOnceThenSentWhenItAppears()
    {
        Publish(Resources.Service("a"));
        await using var ads = await OpenDelta(TypeUrls.ClusterLoadAssignment, ["ghost-cluster"]);

        var absent = await ads.NextAsync("removed_resources for ghost-cluster");
        Assert.That(absent.Resources, Is.Empty);
        Assert.That(absent.RemovedResources, Is.EqualTo(new[] { "ghost-cluster" }));
        await ads.RequestAsync(TypeUrls.ClusterLoadAssignment, ackOf: absent);

        Publish(Resources.Service("a", port: 7000));
        await AssertNothingSentAsync(ads, "ghost-cluster was already reported absent");

        Publish(Resources.Service("a"), Resources.Service("ghost"));
        var appeared = await ads.NextAsync("ghost-cluster once it exists");
        Assert.That(Names(appeared), Is.EqualTo(new[] { "ghost-cluster" }));
    }

    [Test]
    public async Task P13_P14_DeltaWildcardFromAnEmptyFirstRequestEndsByUnsubscribingStar()
    {
        Publish(Resources.Service("a"));
        await using var ads = await OpenDelta(TypeUrls.Cluster);
        var first = await ads.NextAsync("delta CDS wildcard");
        await ads.RequestAsync(TypeUrls.Cluster, ackOf: first);

        Publish(Resources.Service("a"), Resources.Service("b"));
        var second = await ads.NextAsync("b-cluster via wildcard");
        Assert.That(Names(second), Is.EqualTo(new[] { "b-cluster" }));
        await ads.RequestAsync(TypeUrls.Cluster, ackOf: second);

        await ads.RequestAsync(TypeUrls.Cluster, subscribe: ["a-cluster"], unsubscribe: ["*"]);
        var named = await ads.NextAsync("a-cluster, explicitly subscribed");
        Assert.That(Names(named), Is.EqualTo(new[] { "a-cluster" }));
        await ads.RequestAsync(TypeUrls.Cluster, ackOf: named);

        Publish(Resources.Service("a"), Resources.Service("b"), Resources.Service("c"));
        await AssertNothingSentAsync(ads, "the wildcard ended, so c-cluster is not sent");
    }

    [Test]
    public async Task P22_ReconnectWithInitialVersionsSkipsWhatTheClientHasAndRemovesWhatWasDeleted()
    {
        Publish(Resources.Service("a"), Resources.Service("b"), Resources.Service("c"));
        var snapshot = Server.Store.Get("default")![TypeUrls.Cluster];
        Publish(Resources.Service("a"), Resources.Service("b", port: 7000).Where(r => r.TypeUrl != TypeUrls.Cluster),
            One(Resources.Cluster("b-cluster", Cluster.Types.LbPolicy.RingHash)));

        // The client held a, b, c from before; a is unchanged, b changed, c was deleted while it was away.
        var had = new Dictionary<string, string>
        {
            ["a-cluster"] = snapshot.ByName["a-cluster"].Version,
            ["b-cluster"] = snapshot.ByName["b-cluster"].Version,
            ["c-cluster"] = snapshot.ByName["c-cluster"].Version,
        };
        await using var ads = await OpenDelta(TypeUrls.Cluster, initialVersions: had);
        var response = await ads.NextAsync("delta CDS after reconnect");

        Assert.That(Names(response), Is.EqualTo(new[] { "b-cluster" }));
        Assert.That(response.RemovedResources, Is.EqualTo(new[] { "c-cluster" }));
    }

    [Test]
    public async Task P9_DeltaNackKeepsTheClientsVersionAndSendsOnlyTheNextNewOne()
    {
        Publish(Resources.Service("a"));
        await using var ads = await OpenDelta(TypeUrls.Cluster);
        var good = await ads.NextAsync("delta CDS v1");
        await ads.RequestAsync(TypeUrls.Cluster, ackOf: good);
        await AssertNothingSentAsync(ads, "ACK processed");

        Publish(Resources.Service("a").Where(r => r.TypeUrl != TypeUrls.Cluster), One(Resources.Cluster("a-cluster", Cluster.Types.LbPolicy.Maglev)));
        var rejected = await ads.NextAsync("delta CDS v2");
        await ads.RequestAsync(TypeUrls.Cluster, ackOf: rejected, errorMessage: "MAGLEV is not supported");
        Publish(Resources.Service("a").Where(r => r.TypeUrl != TypeUrls.Cluster), One(Resources.Cluster("a-cluster", Cluster.Types.LbPolicy.Maglev)),
            One(Resources.Route("unrelated", "a-cluster")));
        await AssertNothingSentAsync(ads, "the rejected version is not sent again");

        var row = Server.Ledger.Find("delta-1").Single().Types[TypeUrls.Cluster];
        Assert.That(row.LastNack?.Message, Is.EqualTo("MAGLEV is not supported"));
        Assert.That(row.LastNack?.RejectedVersion, Is.EqualTo(rejected.SystemVersionInfo));
        Assert.That(row.LastAck?.Version, Is.EqualTo(good.SystemVersionInfo));

        Publish(Resources.Service("a").Where(r => r.TypeUrl != TypeUrls.Cluster), One(Resources.Cluster("a-cluster", Cluster.Types.LbPolicy.RingHash)));
        var next = await ads.NextAsync("delta CDS v3");
        Assert.That(next.Resources.Single().Version, Is.Not.EqualTo(rejected.Resources.Single().Version));
    }

    [Test]
    public async Task DeltaStreamsHoldingAWholeSet_ShareTheSnapshotsArray_UntilOneOfThemIsSentAChange()
    {
        Publish(Resources.Service("a"), Resources.Service("b"));
        await using var one = await OpenDelta(TypeUrls.ClusterLoadAssignment, ["a-cluster", "b-cluster"], nodeId: "share-1");
        await using var two = await OpenDelta(TypeUrls.ClusterLoadAssignment, ["b-cluster", "a-cluster"], nodeId: "share-2");
        foreach (var ads in new[] { one, two })
        {
            await ads.RequestAsync(TypeUrls.ClusterLoadAssignment, ackOf: await ads.NextAsync("delta EDS a, b"));
            await AssertNothingSentAsync(ads, "ACK processed");
        }

        var before = Server.Store.Get(SnapshotStore.DefaultProfile)![TypeUrls.ClusterLoadAssignment].Items;
        Assert.Multiple(() =>
        {
            // Ten thousand idle streams must not each keep a copy of what they hold (the 64 KiB per stream budget).
            Assert.That(Held("share-1"), Is.TypeOf<ImmutableArray<XdsResource>>().And.EqualTo(before));
            Assert.That((ImmutableArray<XdsResource>)Held("share-1") == before, Is.True, "the snapshot's own array");
            Assert.That((ImmutableArray<XdsResource>)Held("share-2") == before, Is.True, "the snapshot's own array");
        });

        Publish(Resources.Service("a"), Resources.Service("b", port: 7000));
        var change = await one.NextAsync("delta EDS: b changed");
        await one.RequestAsync(TypeUrls.ClusterLoadAssignment, ackOf: change);
        await AssertNothingSentAsync(one, "ACK processed");

        var after = Server.Store.Get(SnapshotStore.DefaultProfile)![TypeUrls.ClusterLoadAssignment].Items;
        Assert.Multiple(() =>
        {
            Assert.That(Held("share-1").Select(r => (r.Name, r.Version)), Is.EqualTo(after.Select(r => (r.Name, r.Version))));
            Assert.That(Held("share-2"), Is.EqualTo(before), "the stream that has not ACKed the change still holds the old set");
        });

        IReadOnlyList<XdsResource> Held(string node) => Server.Ledger.FindNode(node)!.AckedResources(TypeUrls.ClusterLoadAssignment)!;
    }
}
