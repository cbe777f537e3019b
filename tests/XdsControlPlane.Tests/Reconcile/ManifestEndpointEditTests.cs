using Microsoft.Extensions.Logging.Abstractions;
using XdsControlPlane.Model;
using XdsControlPlane.Reconcile;
using XdsControlPlane.Sources.Manifests;
using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Tests.Reconcile;

/// <summary>
/// The manifest source feeding the host's composer and reconciler: an edit of an EndpointSlice file takes the
/// endpoint-only path (only ClusterLoadAssignments rebuilt, every other resource set shared), because the reload keeps
/// every other object and collection as it was.
/// </summary>
public sealed class ManifestEndpointEditTests
{
    private static readonly TimeSpan _quiet = TimeSpan.FromMilliseconds(100);
    private string _directory = null!;
    private ManualClock _clock = null!;
    private SnapshotStore _store = null!;
    private Reconciler _reconciler = null!;
    private List<Compiler.CompileResult> _results = null!;

    [SetUp]
    public void CreateDirectory()
    {
        _directory = Path.Combine(Path.GetTempPath(), $"xds-host-manifests-{TestContext.CurrentContext.Test.ID}-{Environment.ProcessId}");
        Directory.CreateDirectory(Path.Combine(_directory, "endpoints"));
        File.WriteAllText(Path.Combine(_directory, "gateway.yaml"), Gateway);
        for (var i = 0; i < 3; i++)
        {
            File.WriteAllText(Path.Combine(_directory, $"s{i}.yaml"), Service(i, 80));
            File.WriteAllText(SlicePath(i), Slice(i, "10.0.0.1"));
        }

        (_clock, _store, _results) = (new ManualClock(), new SnapshotStore(), []);
        _reconciler = new Reconciler(_store, NullLogger<Reconciler>.Instance);
        _reconciler.Applied += (_, result, _) => _results.Add(result);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [TestCase(true)]
    [TestCase(false)]
    public async Task AnEndpointSliceFileEdit_TakesTheEndpointOnlyPath(bool named)
    {
        await using var source = await Started();
        var before = _store.Profiles.ToDictionary(p => p, p => _store.Get(p)!);
        var model = _reconciler.Model!;

        File.WriteAllText(SlicePath(1), Slice(1, "10.0.0.2"));
        Reload(source, named, SlicePath(1));

        Assert.That(_results, Has.Count.EqualTo(2), "the initial build and the edit");
        Assert.That(_results[^1].RebuiltAssignments?.Keys, Is.EqualTo(new[] { "default/s1:80" }), "only the edited Service's assignment is rebuilt");
        var freshStore = new SnapshotStore();
        new Reconciler(freshStore, NullLogger<Reconciler>.Instance).Apply(_reconciler.Model!);
        Assert.Multiple(() =>
        {
            // What keeps the path cheap: the compiler's equality checks meet the same arrays and instances, not copies.
            var after = _reconciler.Model!;
            Assert.That(after.Services.Items == model.Services.Items && after.Routes.Items == model.Routes.Items && after.Gateways.Items == model.Gateways.Items,
                Is.True, "unchanged collections are the previous model's arrays");
            Assert.That(after.EndpointSlices.Where(s => s.Ref.Name != "s1-a"), Is.EqualTo(model.EndpointSlices.Where(s => s.Ref.Name != "s1-a")).Using<EndpointSliceModel>(ReferenceEquals),
                "unchanged slices are the same instances");
            foreach (var profile in before.Keys.Where(p => before[p][TypeUrls.ClusterLoadAssignment].Count > 0))
            {
                var snapshot = _store.Get(profile)!;
                Assert.That(snapshot.Version, Is.EqualTo(freshStore.Get(profile)!.Version), $"{profile}: what a full rebuild publishes");
                Assert.That(snapshot[TypeUrls.ClusterLoadAssignment].Version, Is.Not.EqualTo(before[profile][TypeUrls.ClusterLoadAssignment].Version));
                foreach (var type in new[] { TypeUrls.Cluster, TypeUrls.Listener, TypeUrls.RouteConfiguration })
                {
                    Assert.That(snapshot[type], Is.SameAs(before[profile][type]), $"{profile} {TypeUrls.ShortName(type)} set shared");
                }
            }
        });
    }

    [Test]
    public async Task AServiceFileEdit_TakesTheFullPath()
    {
        await using var source = await Started();

        File.WriteAllText(Path.Combine(_directory, "s1.yaml"), Service(1, 81));
        Reload(source, named: true, Path.Combine(_directory, "s1.yaml"));

        Assert.That(_results, Has.Count.EqualTo(2));
        Assert.That(_results[^1].RebuiltAssignments, Is.Null, "a Service changed: everything is compiled");
    }

    [Test]
    public async Task AnUnclosedBracketInAnEndpointSliceFile_KeepsItsEndpointsInService()
    {
        // Issue 10 D4: this edit used to publish the cluster with 0 endpoints to every proxy.
        await using var source = await Started();

        File.WriteAllText(SlicePath(1), Slice(1, "10.0.0.2").Replace("[10.0.0.2]", "[10.0.0.2", StringComparison.Ordinal));
        Reload(source, named: true, SlicePath(1));

        var profiles = _store.Profiles.Where(p => _store.Get(p)![TypeUrls.ClusterLoadAssignment].Count > 0).ToList();
        Assert.That(profiles, Is.Not.Empty);
        foreach (var profile in profiles)
        {
            var assignment = (Envoy.Config.Endpoint.V3.ClusterLoadAssignment)_store.Get(profile)![TypeUrls.ClusterLoadAssignment].Items.Single(r => r.Name == "default/s1:80").Message;
            Assert.That(assignment.Endpoints.SelectMany(l => l.LbEndpoints).Select(e => e.Endpoint.Address.SocketAddress.Address), Is.EqualTo(new[] { "10.0.0.1" }), profile);
        }

        Assert.That(_reconciler.Model!.SourceErrors.Select(e => e.Reason), Is.EquivalentTo(new[] { "ParseError", "LastKnownGood" }));
    }

    private async Task<ManifestDirectorySource> Started()
    {
        var source = new ManifestDirectorySource(new ManifestDirectoryOptions { Directory = _directory, QuietPeriod = _quiet, Watch = false }, _clock);
        var composer = new ModelComposer(_reconciler, NullLogger<ModelComposer>.Instance);
        source.Changed += (_, model) => composer.SetBase(model);
        composer.SetBase(await source.StartAsync());
        return source;
    }

    private void Reload(ManifestDirectorySource source, bool named, string path)
    {
        if (named)
        {
            source.SignalFilesChanged(path);
        }
        else
        {
            source.SignalChange();
        }

        _clock.Advance(_quiet);
    }

    private string SlicePath(int i) => Path.Combine(_directory, "endpoints", $"s{i}-a.yaml");

    private const string Gateway = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: GatewayClass
        metadata: {name: xds}
        spec: {controllerName: xds.controlplane.io/gateway-controller}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: gw, namespace: default}
        spec:
          gatewayClassName: xds
          listeners:
          - {name: web, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Same}}}
        """;

    private static string Service(int i, int port) => $$"""
        apiVersion: v1
        kind: Service
        metadata: {name: s{{i}}, namespace: default}
        spec:
          ports:
          - {name: http, port: {{port}}, targetPort: 8080}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: r{{i}}, namespace: default}
        spec:
          parentRefs:
          - {name: gw}
          hostnames: [h{{i}}.example.com]
          rules:
          - backendRefs:
            - {name: s{{i}}, port: {{port}}}
        """;

    private static string Slice(int i, string address) => $$"""
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata:
          name: s{{i}}-a
          namespace: default
          labels: {kubernetes.io/service-name: s{{i}} }
        addressType: IPv4
        ports:
        - {name: http, port: 8080, protocol: TCP}
        endpoints:
        - addresses: [{{address}}]
          conditions: {ready: true}
        """;
}
