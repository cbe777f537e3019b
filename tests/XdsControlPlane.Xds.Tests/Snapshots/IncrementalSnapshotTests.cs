using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Xds.Tests.Snapshots;

/// <summary>Rebuilding a snapshot from mostly the same resource instances reuses sets, and the check stays sound.</summary>
public sealed class IncrementalSnapshotTests
{
    [Test]
    public void SetsOfTheSameInstancesAreReusedAndAChangedTypeIsRebuilt()
    {
        var first = Resources.Service("a").Concat(Resources.Service("b")).ToList();
        var previous = Snapshot.Create(first);
        var second = first.Select(r => r.TypeUrl == TypeUrls.ClusterLoadAssignment && r.Name == "a-cluster"
            ? XdsResource.Create(Resources.Endpoints("a-cluster", ("127.0.0.1", 9))) : r).ToList();

        var next = Snapshot.Create(second, previous: previous);

        Assert.That(next[TypeUrls.Cluster], Is.SameAs(previous[TypeUrls.Cluster]));
        Assert.That(next[TypeUrls.Listener], Is.SameAs(previous[TypeUrls.Listener]));
        Assert.That(next[TypeUrls.ClusterLoadAssignment], Is.Not.SameAs(previous[TypeUrls.ClusterLoadAssignment]));
        Assert.That(next[TypeUrls.ClusterLoadAssignment].Version, Is.Not.EqualTo(previous[TypeUrls.ClusterLoadAssignment].Version));
        Assert.That(next.Version, Is.EqualTo(Snapshot.Create(second).Version), "reuse never changes the content");
    }

    [Test]
    public void WithReplaced_GivesWhatAFullBuildGives_AndSharesTheOtherSets()
    {
        var resources = Resources.Service("a").Concat(Resources.Service("b")).Concat(Resources.Service("c")).ToList();
        var previous = Snapshot.Create(resources, generation: 1);
        var moved = XdsResource.Create(Resources.Endpoints("b-cluster", ("127.0.0.1", 9)));

        var next = previous.WithReplaced(TypeUrls.ClusterLoadAssignment, [moved], generation: 2)!;

        var full = Snapshot.Create(resources.Select(r => r.TypeUrl == moved.TypeUrl && r.Name == moved.Name ? moved : r), generation: 2);
        var endpoints = next[TypeUrls.ClusterLoadAssignment];
        Assert.Multiple(() =>
        {
            Assert.That(next.Version, Is.EqualTo(full.Version));
            Assert.That(endpoints.Version, Is.EqualTo(full[TypeUrls.ClusterLoadAssignment].Version));
            Assert.That(endpoints.Items.Select(r => r.Name), Is.EqualTo(full[TypeUrls.ClusterLoadAssignment].Items.Select(r => r.Name)));
            Assert.That(endpoints.ByName["b-cluster"], Is.SameAs(moved));
            Assert.That(endpoints.ByName["a-cluster"], Is.SameAs(previous[TypeUrls.ClusterLoadAssignment].ByName["a-cluster"]));
            Assert.That(endpoints.ByName.ContainsKey("zzz"), Is.False);
            Assert.That(next[TypeUrls.Cluster], Is.SameAs(previous[TypeUrls.Cluster]));
            Assert.That(next.Generation, Is.EqualTo(2));
            Assert.That(SnapshotConsistency.Check(next, previous), Is.Empty);
        });
    }

    [Test]
    public void WithReplaced_RefusesANameTheSetDoesNotHold()
    {
        var previous = Snapshot.Create(Resources.Service("a").ToList());

        var next = previous.WithReplaced(TypeUrls.ClusterLoadAssignment, [XdsResource.Create(Resources.Endpoints("new-cluster", ("127.0.0.1", 9)))], generation: 2);

        Assert.That(next, Is.Null);
    }

    [Test]
    public void P25_TheIncrementalCheckStillCatchesAMissingAssignmentAndAMissingRoute()
    {
        var store = new SnapshotStore();
        var resources = Resources.Service("a").ToList();
        store.Publish("p", Snapshot.Create(resources));

        var withoutEndpoints = resources.Where(r => r.TypeUrl != TypeUrls.ClusterLoadAssignment).ToList();
        var noEds = Assert.Throws<SnapshotInconsistentException>(() => store.Publish("p", Snapshot.Create(withoutEndpoints, previous: store.Get("p"))));
        Assert.That(noEds!.Problems, Has.Some.Contains("ClusterLoadAssignment 'a-cluster' is missing"));

        var withoutRoute = resources.Where(r => r.TypeUrl != TypeUrls.RouteConfiguration).ToList();
        var noRds = Assert.Throws<SnapshotInconsistentException>(() => store.Publish("p", Snapshot.Create(withoutRoute, previous: store.Get("p"))));
        Assert.That(noRds!.Problems, Has.Some.Contains("RouteConfiguration 'a-route' is missing"));
    }
}
