using XdsControlPlane.Model;
using XdsControlPlane.Sources.Kubernetes;
using XdsControlPlane.Sources.Kubernetes.Api;
using XdsControlPlane.Testing;
using XdsControlPlane.Testing.Kubernetes;

namespace XdsControlPlane.Sources.Tests.Kubernetes;

/// <summary>
/// The Kubernetes source over the simulated API server: the first model waits for every informer, later events feed
/// one debounced rebuild (driven by a manual clock), equal content is not published, missing CRDs are reported.
/// </summary>
public sealed class KubernetesSourceTests
{
    private static readonly TimeSpan _wait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan _quiet = TimeSpan.FromMilliseconds(100);
    private SimulatedApiServer _server = null!;
    private KubernetesApi _client = null!;
    private ManualClock _clock = null!;

    [SetUp]
    public async Task StartServer()
    {
        _server = await SimulatedApiServer.StartAsync();
        _client = SimulatedCluster.Api(_server);
        _clock = new ManualClock();
    }

    [TearDown]
    public async Task StopServer()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task SimulatedServer_FirstModel_WaitsForTheInitialSyncOfEveryInformer()
    {
        _server.Apply(KubeObjects.Service("echo", 50051));
        _server.Apply(KubeObjects.EndpointSlice("echo-1", "echo", 50051, ["10.0.0.1"]));
        var slicesDown = true;
        _server.Fault = r => r.Path.EndsWith("/endpointslices", StringComparison.Ordinal) && Volatile.Read(ref slicesDown) ? 503 : null;
        await using var source = Source();

        var start = source.StartAsync();
        await _server.WaitForRequestAsync(r => r.Path.EndsWith("/services", StringComparison.Ordinal) && r.IsWatch, "the Service informer to sync and watch");
        await _server.WaitForRequestAsync(r => r.Path.EndsWith("/endpointslices", StringComparison.Ordinal), "a failed EndpointSlice list");
        Assert.That(start.IsCompleted, Is.False, "not before the EndpointSlices are listed");

        Volatile.Write(ref slicesDown, false);
        // The retry waits on the manual clock, on a timer the informer arms after it handled the failure: keep
        // moving the clock until the retry happened.
        using (var cts = new CancellationTokenSource(_wait))
        {
            while (!start.IsCompleted && !cts.IsCancellationRequested)
            {
                _clock.Advance(TimeSpan.FromSeconds(1));
                await Task.WhenAny(start, Task.Delay(20, CancellationToken.None));
            }
        }

        var model = await start.WaitAsync(TimeSpan.FromSeconds(1));

        Assert.That(model.Generation, Is.EqualTo(1));
        Assert.That((model.Services.Count, model.EndpointSlices.Count), Is.EqualTo((1, 1)));
        Assert.That(source.Current, Is.SameAs(model));
    }

    [Test]
    public async Task SimulatedServer_ABurstOfEvents_IsPublishedAsOneModel_WhenTheQuietPeriodEnds()
    {
        await using var source = Source();
        var published = new List<ModelContext>();
        source.Changed += (_, m) => published.Add(m);
        await source.StartAsync().WaitAsync(_wait);
        var applied = Events(source, "services", 3);

        _server.Apply(KubeObjects.Service("a", 80));
        _server.Apply(KubeObjects.Service("b", 80));
        _server.Apply(KubeObjects.Service("c", 80));
        await applied.WaitAsync(_wait);
        _clock.Advance(_quiet - TimeSpan.FromMilliseconds(1));
        Assert.That(published, Is.Empty, "not before the quiet period");
        _clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.That(published.Select(m => (m.Generation, m.Services.Count)), Is.EqualTo(new[] { (2L, 3) }));
    }

    [Test]
    public async Task SimulatedServer_AChangeUndoneWithinTheQuietPeriod_PublishesNothing()
    {
        _server.Apply(KubeObjects.Service("web", 80));
        await using var source = Source();
        var rebuilds = new List<bool>();
        source.Rebuilt += rebuilds.Add;
        await source.StartAsync().WaitAsync(_wait);
        var applied = Events(source, "services", 2);

        _server.Apply(KubeObjects.Service("web", 81));
        _server.Apply(KubeObjects.Service("web", 80));
        await applied.WaitAsync(_wait);
        _clock.Advance(_quiet);

        Assert.That(rebuilds, Is.EqualTo(new[] { false }));
        Assert.That(source.Current.Generation, Is.EqualTo(1));
    }

    [Test]
    public async Task SimulatedServer_MissingXdsPolicyCrd_DoesNotBlockTheStart_AndIsReportedAsAWarning()
    {
        _server.Uninstall("xdspolicies");
        _server.Apply(KubeObjects.Service("web", 80));
        await using var source = Source();

        var model = await source.StartAsync().WaitAsync(_wait);

        Assert.That(model.Services.Count, Is.EqualTo(1));
        var warning = model.SourceErrors.Single();
        Assert.That((warning.Object.ToString(), warning.Severity, warning.Reason), Is.EqualTo(("CustomResourceDefinition xdspolicies.xds.controlplane.io", ModelErrorSeverity.Warning, "NotInstalled")));
    }

    [Test]
    public async Task SimulatedServer_ReferenceGrants_AreListedAndWatched_AndABadOneIsReportedAlone()
    {
        _server.Apply(KubeObjects.ReferenceGrant("good", "backends", "shop", service: "db"));
        var bad = KubeObjects.ReferenceGrant("bad", "backends", "shop");
        bad["spec"]!["from"]![0]!.AsObject().Remove("namespace");
        _server.Apply(bad);
        await using var source = Source();
        var published = new List<ModelContext>();
        source.Changed += (_, m) => published.Add(m);

        var model = await source.StartAsync().WaitAsync(_wait);

        Assert.That(model.ReferenceGrants.Select(g => g.Ref.Name), Is.EqualTo(new[] { "good" }));
        Assert.That(model.ReferenceGrants.Single().To.Single(), Is.EqualTo(new ReferenceGrantTo("", "Service", "db")));
        var error = model.SourceErrors.Single();
        Assert.That((error.Object, error.Field, error.Message),
            Is.EqualTo((new ObjectRef("ReferenceGrant", "backends", "bad"), "spec.from[0].namespace", "is required")));
        Assert.That(_server.Requests.Select(r => r.Path), Does.Contain("/apis/gateway.networking.k8s.io/v1beta1/referencegrants"));

        var applied = Events(source, "referencegrants", 1);
        _server.Apply(KubeObjects.ReferenceGrant("later", "other", "shop"));
        await applied.WaitAsync(_wait);
        _clock.Advance(_quiet);

        Assert.That(published.Single().ReferenceGrants.Select(g => g.Ref.Name), Is.EqualTo(new[] { "good", "later" }), "a watched grant reaches the next model");
    }

    [Test]
    public async Task SimulatedServer_MissingReferenceGrantCrd_DoesNotBlockTheStart_AndIsReportedAsAWarning()
    {
        _server.Uninstall("referencegrants");
        _server.Apply(KubeObjects.Service("web", 80));
        await using var source = Source();

        var model = await source.StartAsync().WaitAsync(_wait);

        Assert.That((model.Services.Count, model.ReferenceGrants.Count), Is.EqualTo((1, 0)));
        var warning = model.SourceErrors.Single();
        Assert.That((warning.Object.ToString(), warning.Severity, warning.Reason),
            Is.EqualTo(("CustomResourceDefinition referencegrants.gateway.networking.k8s.io", ModelErrorSeverity.Warning, "NotInstalled")));
    }

    [Test]
    public async Task SimulatedServer_NamespaceScoping_WatchesOnlyTheListedNamespaces()
    {
        _server.Apply(KubeObjects.Service("web", 80, ns: "a"));
        _server.Apply(KubeObjects.Service("web", 80, ns: "b"));
        _server.Apply(KubeObjects.Service("web", 80, ns: "c"));
        _server.Apply(KubeObjects.Namespace("a", ("team", "x")));
        _server.Apply(KubeObjects.Namespace("c", ("team", "y")));
        await using var source = Source(o => o.Namespaces = "b, a");

        var model = await source.StartAsync().WaitAsync(_wait);

        Assert.That(model.Services.Select(s => s.Ref.Namespace), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(model.NamespaceLabels.Select(n => n.Key), Is.EqualTo(new[] { "a" }));
        Assert.That(_server.Requests.Where(r => r.Path.EndsWith("/services", StringComparison.Ordinal)).Select(r => r.Path).Distinct().Order(),
            Is.EqualTo(new[] { "/api/v1/namespaces/a/services", "/api/v1/namespaces/b/services" }));
    }

    [Test]
    public async Task SimulatedServer_GatewayClasses_AreWatchedClusterWide_EvenWhenNamespacesAreScoped_AndLabelSelectorsDoNotApply()
    {
        _server.Apply(KubeObjects.GatewayClass());
        _server.Apply(KubeObjects.GatewayClass("other", "example.com/other-controller"));
        await using var source = Source(o => (o.Namespaces, o.LabelSelector) = ("a", "tier=edge"));

        var model = await source.StartAsync().WaitAsync(_wait);

        Assert.That(model.GatewayClasses.Select(c => (c.Ref.ToString(), c.ControllerName)), Is.EqualTo(new[]
        {
            ("GatewayClass other", "example.com/other-controller"),
            ("GatewayClass xds", KubeObjects.OurController),
        }));
        var lists = _server.Requests.Where(r => r.Path.EndsWith("/gatewayclasses", StringComparison.Ordinal)).ToList();
        Assert.That(lists.Select(r => r.Path).Distinct(), Is.EqualTo(new[] { "/apis/gateway.networking.k8s.io/v1/gatewayclasses" }));
        Assert.That(lists.Select(r => r["labelSelector"]), Is.All.Null);
    }

    [Test]
    public async Task SimulatedServer_AGatewayOfAnotherControllerWeCannotRead_IsNotAnErrorOfOurs_OneOfOursIs()
    {
        _server.Apply(KubeObjects.GatewayClass());
        _server.Apply(KubeObjects.GatewayClass("other", "example.com/other-controller"));
        foreach (var (name, className) in new[] { ("theirs", "other"), ("ours", "xds") })
        {
            var gateway = KubeObjects.Gateway(name, className: className);
            gateway["spec"]!["listeners"]![0]!["protocol"] = "TLS";
            gateway["spec"]!["listeners"]![0]!["tls"] = new System.Text.Json.Nodes.JsonObject { ["mode"] = "Passthrough" };
            _server.Apply(gateway);
        }

        await using var source = Source();
        var model = await source.StartAsync().WaitAsync(_wait);

        Assert.That(model.Gateways, Is.Empty, "neither could be read");
        Assert.That(model.SourceErrors.Select(e => e.Object.Name).Distinct(), Is.EqualTo(new[] { "ours" }), string.Join("\n", model.SourceErrors));
    }

    [Test]
    public async Task SimulatedServer_OnlyTlsSecrets_AreListedAndWatched_ByFieldSelector()
    {
        _server.Apply("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"token","namespace":"default"},"type":"Opaque","data":{"k":"dg=="}}""");
        await using var source = Source();

        await source.StartAsync().WaitAsync(_wait);

        var secrets = source.Informers.Single(i => i.Type.Plural == "secrets");
        Assert.That(secrets.Objects(), Is.Empty, "the Opaque secret never left the server");
        Assert.That(_server.Requests.Where(r => r.Path == "/api/v1/secrets").Select(r => r["fieldSelector"]), Is.All.EqualTo("type=kubernetes.io/tls"));
    }

    private KubernetesSource Source(Action<KubernetesSourceOptions>? configure = null)
    {
        var options = new KubernetesSourceOptions { QuietPeriod = _quiet, MaxDelay = TimeSpan.FromSeconds(1), WriteStatus = false, InitialBackoff = TimeSpan.FromMilliseconds(10) };
        configure?.Invoke(options);
        return new KubernetesSource(_client, options, _clock, null);
    }

    private static Task Events(KubernetesSource source, string plural, int count)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = 0;
        foreach (var informer in source.Informers.Where(i => i.Type.Plural == plural))
        {
            informer.EventApplied += _ =>
            {
                if (Interlocked.Increment(ref seen) == count)
                {
                    done.TrySetResult();
                }
            };
        }

        return done.Task;
    }
}
