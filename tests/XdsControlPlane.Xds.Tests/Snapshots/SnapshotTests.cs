using Envoy.Config.Cluster.V3;
using Envoy.Service.Discovery.V3;
using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Protocol;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Xds.Tests.Snapshots;

/// <summary>Content-addressed resources and snapshots, the consistency check (P25) and the store.</summary>
public sealed class SnapshotTests
{
    private static Snapshot Build(params IEnumerable<XdsResource>[] groups) => Snapshot.Create(groups.SelectMany(g => g));

    [Test]
    public void EqualContentGivesEqualVersionsFromSeparatelyBuiltObjects()
    {
        var a = Build(Resources.Service("a"), Resources.Service("b"));
        var b = Build(Resources.Service("b"), Resources.Service("a"));

        Assert.That(b.Version, Is.EqualTo(a.Version));
        Assert.That(b[TypeUrls.Cluster].Version, Is.EqualTo(a[TypeUrls.Cluster].Version));
        Assert.That(b[TypeUrls.Cluster].Items.Select(r => r.Name), Is.EqualTo(new[] { "a-cluster", "b-cluster" }), "sorted by name");
    }

    [Test]
    public void VersionsAreFixedContentHashesThatDoNotDependOnTheProcess()
    {
        // Pinned values: the same bytes must give the same version on any replica and after any restart.
        Assert.That(ContentHash.Of("hello"u8), Is.EqualTo("2cf24dba5fb0a30e"));
        Assert.That(ContentHash.OfPairs([("a", "1")]), Is.Not.EqualTo(ContentHash.OfPairs([("a1", string.Empty)])));
        var resource = XdsResource.Create(Resources.Cluster("pinned"));
        Assert.That(resource.Version, Is.EqualTo(ContentHash.Of(resource.Bytes.Span)));
    }

    [Test]
    public void AChangeInOneResourceChangesItsTypeVersionOnly()
    {
        var before = Build(Resources.Service("a"), Resources.Service("b"));
        var after = Build(Resources.Service("a"), Resources.Service("b", port: 9));

        Assert.That(after[TypeUrls.ClusterLoadAssignment].Version, Is.Not.EqualTo(before[TypeUrls.ClusterLoadAssignment].Version));
        Assert.That(after[TypeUrls.Cluster].Version, Is.EqualTo(before[TypeUrls.Cluster].Version));
        Assert.That(after[TypeUrls.Listener].Version, Is.EqualTo(before[TypeUrls.Listener].Version));
        Assert.That(after.Version, Is.Not.EqualTo(before.Version));
    }

    [Test]
    public void P21_ASnapshotRejectsTheSameNameTwiceInOneType()
    {
        var ex = Assert.Throws<ArgumentException>(() => Build(One(Resources.Cluster("dup")), One(Resources.Cluster("dup", Cluster.Types.LbPolicy.RingHash))));
        Assert.That(ex!.Message, Does.Contain("CDS resource 'dup' appears twice"));
    }

    [Test]
    public void AResourceWithoutANameIsRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => XdsResource.Create(new Cluster()));
        Assert.That(ex!.Message, Does.Contain("has no name"));
    }

    private static IEnumerable<TestCaseData> Inconsistent()
    {
        yield return new TestCaseData(Build(One(Resources.Cluster("c"))), "Cluster 'c' uses EDS but ClusterLoadAssignment 'c' is missing")
            .SetName("P25_EdsClusterWithoutEndpointsIsInconsistent");
        var serviceName = Resources.Cluster("c");
        serviceName.EdsClusterConfig.ServiceName = "c-eds";
        yield return new TestCaseData(Build(One(serviceName), One(Resources.Endpoints("c", ("127.0.0.1", 1)))),
            "Cluster 'c' uses EDS but ClusterLoadAssignment 'c-eds' is missing").SetName("P25_EdsServiceNameIsWhatMustExist");
        yield return new TestCaseData(Build(One(Resources.Listener("l", "missing-route"))), "Listener 'l' uses RDS but RouteConfiguration 'missing-route' is missing")
            .SetName("P25_ListenerWithoutItsRouteConfigurationIsInconsistent");
        yield return new TestCaseData(Build(One(Resources.ApiListener("grpc", "missing-route"))), "Listener 'grpc' uses RDS but RouteConfiguration 'missing-route' is missing")
            .SetName("P25_ApiListenerWithoutItsRouteConfigurationIsInconsistent");
        yield return new TestCaseData(Build(One(Resources.Cluster("c", sdsSecret: "cert")), One(Resources.Endpoints("c", ("127.0.0.1", 1)))),
            "Cluster 'c' references SDS secret 'cert' which is missing").SetName("P25_SdsReferenceWithoutItsSecretIsInconsistent");
    }

    [TestCaseSource(nameof(Inconsistent))]
    public void P25_PublishRejectsAnInconsistentSnapshotAndKeepsTheCurrentOne(Snapshot bad, string problem)
    {
        var store = new SnapshotStore();
        var good = Build(Resources.Service("a"));
        store.Publish("p", good);
        var notified = 0;
        using var watch = store.Watch("p", () => notified++);

        var ex = Assert.Throws<SnapshotInconsistentException>(() => store.Publish("p", bad));

        Assert.That(ex!.Problems, Does.Contain(problem));
        Assert.That(store.Get("p"), Is.SameAs(good));
        Assert.That(notified, Is.Zero);
    }

    [Test]
    public void P25_AConsistentSnapshotWithEveryReferencePublishes()
    {
        var store = new SnapshotStore();
        var snapshot = Build(Resources.Service("a"), One(Resources.Cluster("tls", sdsSecret: "cert")),
            One(Resources.Endpoints("tls", ("127.0.0.1", 1))), One(Resources.Secret("cert")));

        Assert.That(store.Publish("p", snapshot), Is.True);
        Assert.That(store.Get("p"), Is.SameAs(snapshot));
    }

    [Test]
    public void PublishingEqualContentIsANoOpAndNotifiesNobody()
    {
        var store = new SnapshotStore();
        store.Publish("p", Build(Resources.Service("a")));
        var notified = 0;
        using var watch = store.Watch("p", () => notified++);

        Assert.That(store.Publish("p", Build(Resources.Service("a"))), Is.False);
        Assert.That(store.Publish("p", Build(Resources.Service("a", port: 1))), Is.True);
        Assert.That(notified, Is.EqualTo(1));
        Assert.That(store.History, Has.Count.EqualTo(2));
    }

    [Test]
    public void WatchersOfOtherProfilesAreNotNotifiedAndDisposedWatchersStop()
    {
        var store = new SnapshotStore();
        // Published first: the first publish of all also wakes profiles without a snapshot (they are served empty now).
        store.Publish("c", Build(Resources.Service("z")));
        var (a, b) = (0, 0);
        var watchA = store.Watch("a", () => a++);
        using var watchB = store.Watch("b", () => b++);

        store.Publish("a", Build(Resources.Service("x")));
        watchA.Dispose();
        store.Publish("a", Build(Resources.Service("y")));

        Assert.That((a, b), Is.EqualTo((1, 0)));
    }

    [Test]
    public void HistoryIsBoundedAndNewestFirst()
    {
        var store = new SnapshotStore(TimeProvider.System, historyCapacity: 3);
        for (var i = 0; i < 5; i++)
        {
            store.Publish("p", Build(Resources.Service("a", port: i + 1)));
        }

        Assert.That(store.History, Has.Count.EqualTo(3));
        Assert.That(store.History[0].Snapshot, Is.SameAs(store.Get("p")));
    }

    [Test]
    public void EncodedSotwResponseParsesToTheSameMessageProtobufWouldBuild()
    {
        var resources = Build(Resources.Service("a"), Resources.Service("b"))[TypeUrls.Cluster].Items;

        var bytes = ResponseEncoder.Sotw("v1", TypeUrls.Cluster, "7", resources.Select(r => r.SotwEntry).ToArray()).ToArray();

        var expected = new DiscoveryResponse { VersionInfo = "v1", TypeUrl = TypeUrls.Cluster, Nonce = "7" };
        expected.Resources.AddRange(resources.Select(r => Google.Protobuf.WellKnownTypes.Any.Pack(r.Message)));
        Assert.That(DiscoveryResponse.Parser.ParseFrom(bytes), Is.EqualTo(expected));
    }

    [Test]
    public void EncodedDeltaResponseParsesToTheSameMessageProtobufWouldBuild()
    {
        var resource = XdsResource.Create(Resources.Cluster("a"), TimeSpan.FromSeconds(3));

        var bytes = ResponseEncoder.Delta("sys", TypeUrls.Cluster, "9", [resource.DeltaEntry], ["gone", "also-gone"]).ToArray();

        var expected = new DeltaDiscoveryResponse { SystemVersionInfo = "sys", TypeUrl = TypeUrls.Cluster, Nonce = "9" };
        expected.Resources.Add(new Resource
        {
            Name = "a",
            Version = resource.Version,
            Resource_ = Google.Protobuf.WellKnownTypes.Any.Pack(resource.Message),
            Ttl = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(3)),
        });
        expected.RemovedResources.AddRange(["gone", "also-gone"]);
        Assert.That(DeltaDiscoveryResponse.Parser.ParseFrom(bytes), Is.EqualTo(expected));
    }

    private static IEnumerable<XdsResource> One(Google.Protobuf.IMessage message) => [XdsResource.Create(message)];
}
