using Microsoft.Extensions.Logging.Abstractions;
using XdsControlPlane.Model;
using XdsControlPlane.Reconcile;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Tests.Reconcile;

/// <summary>The endpoint fast path publishes exactly what a full rebuild would, touching only the endpoint set.</summary>
public sealed class ReconcilerEndpointTests
{
    [Test]
    public void EndpointOnlyChange_PublishesWhatAFullRebuildPublishes_AndSharesEveryOtherSet()
    {
        var (store, reconciler) = New();
        var before = Model(services: 5, movedSlice: -1);
        reconciler.Apply(before);
        var old = store.Profiles.ToDictionary(p => p, p => store.Get(p)!);

        var after = ReplaceSlice(before, 2);
        reconciler.Apply(after);

        var (freshStore, fresh) = New();
        fresh.Apply(after);
        Assert.Multiple(() =>
        {
            Assert.That(store.Profiles, Is.EquivalentTo(freshStore.Profiles));
            foreach (var profile in freshStore.Profiles)
            {
                var snapshot = store.Get(profile)!;
                Assert.That(snapshot.Version, Is.EqualTo(freshStore.Get(profile)!.Version), $"{profile}: same content as a full rebuild");
                if (old[profile][TypeUrls.ClusterLoadAssignment].Count == 0)
                {
                    continue; // the empty default profile
                }

                foreach (var type in new[] { TypeUrls.Cluster, TypeUrls.Listener, TypeUrls.RouteConfiguration })
                {
                    Assert.That(snapshot[type], Is.SameAs(old[profile][type]), $"{profile} {TypeUrls.ShortName(type)} set reused");
                }

                Assert.That(snapshot[TypeUrls.ClusterLoadAssignment].Version, Is.Not.EqualTo(old[profile][TypeUrls.ClusterLoadAssignment].Version));
            }

            Assert.That(reconciler.Errors, Is.EqualTo(fresh.Errors));
        });
    }

    [Test]
    public void ChangeBeyondEndpoints_TakesTheFullPath_AndStillMatchesAFullRebuild()
    {
        var (store, reconciler) = New();
        var before = Model(services: 4, movedSlice: -1);
        reconciler.Apply(before);

        var after = ModelContext.Create(before.Services.Skip(1), ReplaceSlice(before, 2).EndpointSlices, before.Secrets, before.Gateways,
            before.Routes, before.Policies, before.SourceErrors, before.NamespaceLabels, before.Generation + 1, before.ReferenceGrants, before.GatewayClasses);
        reconciler.Apply(after);

        var (freshStore, fresh) = New();
        fresh.Apply(after);
        Assert.Multiple(() =>
        {
            foreach (var profile in freshStore.Profiles)
            {
                Assert.That(store.Get(profile)!.Version, Is.EqualTo(freshStore.Get(profile)!.Version), profile);
            }

            Assert.That(reconciler.Errors, Is.EqualTo(fresh.Errors));
        });
    }

    [Test]
    public void EndpointOnlyChange_WhilePinned_IsRecordedButNotPublished_UntilUnpinned()
    {
        var (store, reconciler) = New();
        var before = Model(services: 3, movedSlice: -1);
        reconciler.Apply(before);
        reconciler.Pin(reconciler.Latest!);
        var pinned = store.Profiles.ToDictionary(p => p, p => store.Get(p)!.Version);

        var after = ReplaceSlice(before, 1);
        reconciler.Apply(after);

        Assert.Multiple(() =>
        {
            Assert.That(store.Profiles.ToDictionary(p => p, p => store.Get(p)!.Version), Is.EqualTo(pinned), "nothing published while pinned");
            Assert.That(reconciler.History, Has.Count.EqualTo(2));
            Assert.That(reconciler.History[0].Causes.Select(c => c.Name), Is.EqualTo(new[] { "s1-a" }));
        });

        reconciler.Unpin();
        var (freshStore, fresh) = New();
        fresh.Apply(after);
        foreach (var profile in freshStore.Profiles)
        {
            Assert.That(store.Get(profile)!.Version, Is.EqualTo(freshStore.Get(profile)!.Version), $"{profile} after unpin");
        }
    }

    [Test]
    public void AnEndpointChangeWithNoEffect_PublishesNothing()
    {
        var (store, reconciler) = New();
        var before = Model(services: 3, movedSlice: -1);
        reconciler.Apply(before);
        var history = store.History.Count;

        // A new, equal slice instance: recompiled, same bytes, nothing to push.
        var slices = before.EndpointSlices.Items.ToArray();
        slices[1] = slices[1] with { };
        reconciler.Apply(ModelContext.Create(before.Services, slices, before.Secrets, before.Gateways, before.Routes, before.Policies,
            before.SourceErrors, before.NamespaceLabels, before.Generation + 1, before.ReferenceGrants, before.GatewayClasses));

        Assert.That(store.History, Has.Count.EqualTo(history));
    }

    private static (SnapshotStore, Reconciler) New()
    {
        var store = new SnapshotStore();
        return (store, new Reconciler(store, NullLogger<Reconciler>.Instance));
    }

    private static ModelContext Model(int services, int movedSlice)
    {
        var gateway = new GatewayModel(new ObjectRef("Gateway", "default", "gw"), 1, "xds",
            [new GatewayListener("web", null, 80, "HTTP", [], "Same", [], [])]);
        var svcs = new List<ServiceModel>();
        var slices = new List<EndpointSliceModel>();
        var routes = new List<HttpRouteModel>();
        for (var i = 0; i < services; i++)
        {
            svcs.Add(new ServiceModel(new ObjectRef("Service", "default", $"s{i}"), [new ServicePort("http", 80, 8080, "TCP", null)]));
            slices.Add(Slice(i, i == movedSlice ? 9 : 1));
            routes.Add(new HttpRouteModel(new ObjectRef("HTTPRoute", "default", $"r{i}"), 1, null,
                [new ParentRef("Gateway", "default", "gw", null, null), new ParentRef("Service", "default", $"s{i}", null, null)],
                [$"h{i}.example.com"],
                [new RouteRule(null, [new RouteMatch(new PathMatch("PathPrefix", $"/p{i}"), [], [], null, null)], [],
                    [new BackendRef("Service", "default", $"s{i}", 80, 1)], null, null)]));
        }

        return ModelContext.Create(svcs, slices, [], [gateway], routes, [], [], [], generation: 1, gatewayClasses: [new GatewayClassModel(new ObjectRef("GatewayClass", "", "xds"), 1, "xds.controlplane.io/gateway-controller")]);
    }

    private static EndpointSliceModel Slice(int service, int lastOctet) =>
        new(new ObjectRef("EndpointSlice", "default", $"s{service}-a"), $"s{service}", "IPv4",
            [new EndpointModel([$"10.0.{service}.{lastOctet}"], true, true, false, "z1"), new EndpointModel([$"10.0.{service}.100"], true, true, false, "z2")],
            [new EndpointPort("http", 8080, "TCP")]);

    private static ModelContext ReplaceSlice(ModelContext model, int index)
    {
        var slices = model.EndpointSlices.Items.ToArray();
        slices[index] = Slice(index, 9);
        return ModelContext.Create(model.Services, slices, model.Secrets, model.Gateways, model.Routes, model.Policies,
            model.SourceErrors, model.NamespaceLabels, model.Generation + 1, model.ReferenceGrants, model.GatewayClasses);
    }
}
