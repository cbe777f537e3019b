using Envoy.Config.Cluster.V3;
using Envoy.Config.Route.V3;
using Microsoft.Extensions.Logging.Abstractions;
using XdsControlPlane.Compiler.Encodings;
using XdsControlPlane.Model;
using XdsControlPlane.Model.Policies;
using XdsControlPlane.Reconcile;
using XdsControlPlane.Xds.Protocol;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Tests.Reconcile;

/// <summary>
/// The proxyless profile's encoding variants are published with every proxyless snapshot: only the resources an
/// encoding rewrites differ, everything else is the very same resource (one serialization per profile and variant).
/// </summary>
public sealed class ReconcilerVariantTests
{
    private static readonly string s_legacy = ClientEncodings.Profile("proxyless", ClientEncodings.GrpcLegacy);
    private static readonly string s_core151 = ClientEncodings.Profile("proxyless", ClientEncodings.GrpcCore151);

    [Test]
    public void VariantNames_AreTheSameInTheClassifierAndTheCompiler() => Assert.Multiple(() =>
    {
        Assert.That(EncodingVariants.Names, Is.EqualTo(ClientEncodings.All.Select(e => e.Name)));
        Assert.That(EncodingVariants.Names.Select(n => EncodingVariants.Profile("proxyless", n)), Is.EqualTo(new[] { s_legacy, s_core151 }));
    });

    [Test]
    public void HeaderMatchSplitAndRingHash_AreRewrittenPerVariant_AndNothingElse()
    {
        var (store, reconciler) = (new SnapshotStore(), (Reconciler?)null);
        reconciler = new Reconciler(store, NullLogger<Reconciler>.Instance);
        var before = XdsResource.Serializations;

        reconciler.Apply(Model(withRingHash: true, endpointPort: 8080));

        var proxyless = store.Get("proxyless")!;
        var legacy = store.Get(s_legacy)!;
        var core = store.Get(s_core151)!;
        var route = (RouteConfiguration)legacy[TypeUrls.RouteConfiguration].ByName["echo.default.svc:50051"].Message;
        Assert.Multiple(() =>
        {
            Assert.That(route.VirtualHosts[0].Routes.SelectMany(r => r.Match.Headers).Select(h => h.HeaderMatchSpecifierCase),
                Has.All.EqualTo(HeaderMatcher.HeaderMatchSpecifierOneofCase.ExactMatch));
            Assert.That(Lb(legacy), Is.EqualTo(Cluster.Types.LbPolicy.RingHash), "older releases keep ring hash");
            Assert.That(Lb(core), Is.EqualTo(Cluster.Types.LbPolicy.RoundRobin), "C-core 1.51 gets round robin");
            Assert.That(Lb(proxyless), Is.EqualTo(Cluster.Types.LbPolicy.RingHash));
            foreach (var (variant, shared) in new[] { (legacy, new[] { "echo-v1.default.svc:50051", "echo-v2.default.svc:50051" }), (core, ["echo-v2.default.svc:50051"]) })
            {
                Assert.That(variant[TypeUrls.Listener], Is.SameAs(proxyless[TypeUrls.Listener]), "listeners are the proxyless ones");
                Assert.That(variant[TypeUrls.ClusterLoadAssignment], Is.SameAs(proxyless[TypeUrls.ClusterLoadAssignment]));
                Assert.That(variant[TypeUrls.RouteConfiguration].Items.Where(r => proxyless[TypeUrls.RouteConfiguration].Items.Contains(r)).Select(r => r.Name),
                    Is.EqualTo(shared), "route configurations the encoding does not touch are the proxyless ones (echo-v1's hashes on x-user)");
            }

            Assert.That(reconciler.Errors.Where(e => e.Object.Kind == "XdsPolicy").Select(e => e.Message),
                Has.One.Contains("ring hash is not sent to gRPC C-core 1.50-1.51 clients"), "the withheld feature is reported on the policy");
        });

        // Unchanged routes and clusters: the variants are not rebuilt, nothing is serialized for them again.
        var serialized = XdsResource.Serializations;
        reconciler.Apply(Model(withRingHash: true, endpointPort: 8081));
        Assert.Multiple(() =>
        {
            Assert.That(XdsResource.Serializations - serialized, Is.EqualTo(1), "only the changed endpoints");
            Assert.That(store.Get(s_legacy)![TypeUrls.RouteConfiguration], Is.SameAs(legacy[TypeUrls.RouteConfiguration]));
            Assert.That(store.Get(s_core151)![TypeUrls.ClusterLoadAssignment], Is.SameAs(store.Get("proxyless")![TypeUrls.ClusterLoadAssignment]));
            Assert.That(serialized - before, Is.GreaterThan(0));
        });
    }

    [Test]
    public void AConfigurationNoEncodingTouches_IsServedToEveryVariantAsTheSameSnapshot()
    {
        var store = new SnapshotStore();
        new Reconciler(store, NullLogger<Reconciler>.Instance).Apply(Model(withRingHash: false, endpointPort: 8080, plain: true));

        Assert.Multiple(() =>
        {
            Assert.That(store.Get(s_legacy), Is.SameAs(store.Get("proxyless")));
            Assert.That(store.Get(s_core151), Is.SameAs(store.Get("proxyless")));
        });
    }

    private static Cluster.Types.LbPolicy Lb(Snapshot snapshot) => ((Cluster)snapshot[TypeUrls.Cluster].ByName["default/echo-v1:50051"].Message).LbPolicy;

    /// <summary>
    /// Service echo with a route on it: x-canary: true to echo-v2, the rest split 1:1 over echo-v1 and echo-v2;
    /// optionally ring hash on echo-v1. <paramref name="plain"/>: one rule to echo-v1, nothing any encoding changes.
    /// </summary>
    private static ModelContext Model(bool withRingHash, int endpointPort, bool plain = false)
    {
        string[] names = ["echo", "echo-v1", "echo-v2"];
        var services = names.Select(n => new ServiceModel(new ObjectRef("Service", "default", n), [new ServicePort("grpc", 50051, 50051, "TCP", null)])).ToList();
        var slices = names.Select(n => new EndpointSliceModel(new ObjectRef("EndpointSlice", "default", n + "-1"), n, "IPv4",
            [new EndpointModel(["10.0.0.1"], true, true, false, "zone-a")], [new EndpointPort("grpc", n == "echo-v1" ? endpointPort : 9000, "TCP")])).ToList();
        RouteRule[] rules = plain
            ? [new RouteRule(null, [], [], [Backend("echo-v1", 1)], null, null)]
            : [
                new RouteRule(null, [new Model.RouteMatch(null, [new ValueMatch("Exact", "x-canary", "true")], [], null, null)], [], [Backend("echo-v2", 1)], null, null),
                new RouteRule(null, [], [], [Backend("echo-v1", 1), Backend("echo-v2", 1)], null, null),
            ];
        var route = new HttpRouteModel(new ObjectRef("HTTPRoute", "default", "canary"), 1, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
            [new ParentRef("Service", string.Empty, "echo", null, 50051)], [], rules);
        PolicyModel[] policies = withRingHash
            ? [new PolicyModel(new ObjectRef("XdsPolicy", "default", "hash"), 1, new PolicyTarget("Service", "default", "echo-v1", null),
                new PolicySpec { LoadBalancer = new LoadBalancerPolicy("RingHash", [new HashKey("Header", "x-user", null)], false) })]
            : [];
        return ModelContext.Create(services, slices, [], [], [route], policies, [], [], generation: endpointPort);

        static BackendRef Backend(string name, int weight) => new("Service", string.Empty, name, 50051, weight);
    }
}
