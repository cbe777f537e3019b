using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using XdsControlPlane.Model;
using XdsControlPlane.Sources.Kubernetes.Api;
using XdsControlPlane.Sources.Kubernetes.Informers;
using XdsControlPlane.Sources.Kubernetes.Status;
using XdsControlPlane.Testing;
using XdsControlPlane.Testing.Kubernetes;

namespace XdsControlPlane.Sources.Tests.Kubernetes.Status;

/// <summary>
/// Status write-back against the simulated API server: the merge patch body, no patch for an unchanged status,
/// lastTransitionTime kept until a condition flips, other controllers' entries kept, invalid objects reported.
/// Passes are run directly (<see cref="StatusWriter.WriteOnceAsync"/>) with a manual clock.
/// </summary>
public sealed class StatusWriterTests
{
    private const string Controller = "xds.controlplane.io/gateway-controller";
    private const string OtherController = "example.com/other-controller";
    private static readonly TimeSpan _wait = TimeSpan.FromSeconds(10);
    private static readonly ObjectRef _route = new("HTTPRoute", "default", "web");
    private static readonly ParentRef _parent = new("Gateway", "default", "gw", null, null);
    private SimulatedApiServer _server = null!;
    private KubernetesApiClient _client = null!;
    private ManualClock _clock = null!;
    private Informer _routes = null!;
    private Informer _gateways = null!;
    private Informer _classes = null!;
    private StatusWriter _writer = null!;

    [SetUp]
    public async Task Start()
    {
        _server = await SimulatedApiServer.StartAsync();
        _client = new KubernetesApiClient(new KubernetesConnection(_server.Address, new X509Certificate2Collection(), false, null, null, null));
        _clock = new ManualClock();
        _server.Apply(KubeObjects.HttpRoute("web", "gw", "web", 80));
        _server.Apply(KubeObjects.Gateway("gw"));
        _server.Apply(KubeObjects.GatewayClass());
        _server.Apply(KubeObjects.GatewayClass("other", OtherController));
        _server.Apply(KubeObjects.Gateway("theirs", className: "other"));
        var options = new InformerOptions(null, null, 100, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(50));
        _routes = new Informer(_client, ResourceType.HttpRoute, options, TimeProvider.System, NullLogger.Instance);
        _gateways = new Informer(_client, ResourceType.Gateway, options, TimeProvider.System, NullLogger.Instance);
        _classes = new Informer(_client, ResourceType.GatewayClass, options, TimeProvider.System, NullLogger.Instance);
        _routes.Start();
        _gateways.Start();
        _classes.Start();
        await Task.WhenAll(_routes.Synced, _gateways.Synced, _classes.Synced).WaitAsync(_wait);
        _writer = new StatusWriter(_client, o => (o.Kind switch { "Gateway" => _gateways, "GatewayClass" => _classes, _ => _routes }).Find(o.Namespace, o.Name),
            Controller, _clock, NullLogger.Instance, TimeSpan.FromMilliseconds(10))
        {
            Active = true,
        };
    }

    [TearDown]
    public async Task Stop()
    {
        await _writer.DisposeAsync();
        await _routes.DisposeAsync();
        await _gateways.DisposeAsync();
        await _classes.DisposeAsync();
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task SimulatedServer_RouteStatus_IsAMergePatchOfParentsWithControllerNameConditionsAndObservedGeneration()
    {
        _writer.Report([RouteStatus(accepted: true, resolved: true)], []);

        var (patched, failed) = await _writer.WriteOnceAsync(CancellationToken.None);

        Assert.That((patched, failed), Is.EqualTo((1, false)));
        var patch = _server.Requests.Single(r => r.Method == "PATCH");
        Assert.That(patch.Path, Is.EqualTo("/apis/gateway.networking.k8s.io/v1/namespaces/default/httproutes/web/status"));
        Assert.That(patch.ContentType, Does.StartWith("application/merge-patch+json"));
        var parent = JsonNode.Parse(patch.Body)!["status"]!["parents"]!.AsArray().Single()!;
        Assert.That(parent["parentRef"]!.ToJsonString(), Is.EqualTo("""{"group":"gateway.networking.k8s.io","kind":"Gateway","namespace":"default","name":"gw"}"""));
        Assert.That((string?)parent["controllerName"], Is.EqualTo(Controller));
        var conditions = parent["conditions"]!.AsArray();
        Assert.That(conditions.Select(c => ((string?)c!["type"], (string?)c["status"], (string?)c["reason"], (long?)c["observedGeneration"])),
            Is.EqualTo(new[] { ("Accepted", "True", "Accepted", 1L), ("ResolvedRefs", "True", "ResolvedRefs", 1L) }));
        Assert.That((string?)conditions[0]!["lastTransitionTime"], Is.EqualTo("2026-01-01T00:00:00Z"));
    }

    [Test]
    public async Task SimulatedServer_UnchangedStatus_IsNotPatchedAgain_BeforeOrAfterTheWatchSawIt()
    {
        _writer.Report([RouteStatus(accepted: true, resolved: true)], []);
        await _writer.WriteOnceAsync(CancellationToken.None);

        Assert.That((await _writer.WriteOnceAsync(CancellationToken.None)).Patched, Is.Zero, "remembered as written");
        await Until(() => _routes.Find("default", "web")!.Status.ValueKind == System.Text.Json.JsonValueKind.Object, "the informer to see the written status");
        _writer.Active = false;
        _writer.Active = true;
        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.That((await _writer.WriteOnceAsync(CancellationToken.None)).Patched, Is.Zero, "equal to the status in the cluster, timestamps aside");
        Assert.That(_server.Requests.Count(r => r.Method == "PATCH"), Is.EqualTo(1));
    }

    [Test]
    public async Task SimulatedServer_AStatusSomeoneElseOverwrote_IsWrittenAgain()
    {
        _writer.Report([RouteStatus(accepted: true, resolved: true)], []);
        await _writer.WriteOnceAsync(CancellationToken.None);
        var cleared = JsonNode.Parse("""{"status":{"parents":[]}}""")!.AsObject();
        await _client.PatchStatusAsync(ResourceType.HttpRoute, "default", "web", cleared, CancellationToken.None);
        await Until(() => _routes.Find("default", "web")!.Status is { ValueKind: System.Text.Json.JsonValueKind.Object } s && s.TryGetProperty("parents", out var p) && p.GetArrayLength() == 0, "the overwritten status in the cache");

        var (patched, _) = await _writer.WriteOnceAsync(CancellationToken.None);

        Assert.That(patched, Is.EqualTo(1));
        Assert.That(_server.Get("gateway.networking.k8s.io/v1", "HTTPRoute", "default", "web")!["status"]!["parents"]!.AsArray(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task SimulatedServer_LastTransitionTime_IsKeptWhileTheStatusHolds_AndMovesWhenItFlips()
    {
        _writer.Report([RouteStatus(accepted: true, resolved: true)], []);
        await _writer.WriteOnceAsync(CancellationToken.None);
        await Until(() => _routes.Find("default", "web")!.Status.ValueKind == System.Text.Json.JsonValueKind.Object, "the first status");

        _clock.Advance(TimeSpan.FromMinutes(1));
        _writer.Report([RouteStatus(accepted: true, resolved: false)], []);
        await _writer.WriteOnceAsync(CancellationToken.None);

        var conditions = _server.Get("gateway.networking.k8s.io/v1", "HTTPRoute", "default", "web")!["status"]!["parents"]![0]!["conditions"]!.AsArray();
        Assert.That(conditions.Select(c => ((string?)c!["type"], (string?)c["status"], (string?)c["reason"], (string?)c["lastTransitionTime"])), Is.EqualTo(new[]
        {
            ("Accepted", "True", "Accepted", "2026-01-01T00:00:00Z"),
            ("ResolvedRefs", "False", "BackendNotFound", "2026-01-01T00:01:00Z"),
        }));
    }

    [Test]
    public async Task SimulatedServer_ParentsOfOtherControllers_AreKept()
    {
        var other = JsonNode.Parse("""{"status":{"parents":[{"parentRef":{"name":"theirs"},"controllerName":"example.com/other","conditions":[]}]}}""")!.AsObject();
        await _client.PatchStatusAsync(ResourceType.HttpRoute, "default", "web", other, CancellationToken.None);
        await Until(() => _routes.Find("default", "web")!.Status.ValueKind == System.Text.Json.JsonValueKind.Object, "the other controller's status");

        _writer.Report([RouteStatus(accepted: true, resolved: true)], []);
        await _writer.WriteOnceAsync(CancellationToken.None);

        var parents = _server.Get("gateway.networking.k8s.io/v1", "HTTPRoute", "default", "web")!["status"]!["parents"]!.AsArray();
        Assert.That(parents.Select(p => (string?)p!["controllerName"]), Is.EqualTo(new[] { "example.com/other", Controller }));
    }

    [Test]
    public async Task SimulatedServer_GatewayStatus_HasAcceptedAndProgrammed()
    {
        var gateway = new ObjectRef("Gateway", "default", "gw");
        _writer.Report([new DesiredStatus(gateway, 1, null, [new("Programmed", true, "Programmed", "ok"), new("Accepted", true, "Accepted", "ok")])], []);

        await _writer.WriteOnceAsync(CancellationToken.None);

        var conditions = _server.Get("gateway.networking.k8s.io/v1", "Gateway", "default", "gw")!["status"]!["conditions"]!.AsArray();
        Assert.That(conditions.Select(c => ((string?)c!["type"], (string?)c["status"], (long?)c["observedGeneration"])), Is.EqualTo(new[] { ("Accepted", "True", 1L), ("Programmed", "True", 1L) }));
    }

    [Test]
    public async Task SimulatedServer_ARouteThatFailedValidation_IsNotAccepted_WithTheErrorsAsMessage_PerParentRef()
    {
        var bad = KubeObjects.HttpRoute("bad", "gw", "web", 80);
        bad["spec"]!["rules"]![0]!["backendRefs"]![0]!["weight"] = -1;
        _server.Apply(bad);
        await Until(() => _routes.Find("default", "bad") is not null, "the invalid route in the cache");
        var cached = _routes.Find("default", "bad")!;
        Assert.That(cached.Mapped.Value, Is.Null, "the mapper drops it: " + string.Join("; ", cached.Mapped.Errors));

        _writer.Report([], cached.Mapped.Errors);
        await _writer.WriteOnceAsync(CancellationToken.None);

        var parent = _server.Get("gateway.networking.k8s.io/v1", "HTTPRoute", "default", "bad")!["status"]!["parents"]![0]!;
        Assert.That((string?)parent["parentRef"]!["name"], Is.EqualTo("gw"));
        var accepted = parent["conditions"]![0]!;
        Assert.That(((string?)accepted["type"], (string?)accepted["status"], (string?)accepted["reason"]), Is.EqualTo(("Accepted", "False", "UnsupportedValue")));
        Assert.That((string?)accepted["message"], Does.Contain("weight"));
    }

    [Test]
    public async Task SimulatedServer_RouteOnOursAndTheirs_PatchCarriesTheirEntryUnchanged_AndOnlyOurEntryForOurParent()
    {
        var route = KubeObjects.HttpRoute("web", "gw", "web", 80);
        route["spec"]!["parentRefs"]!.AsArray().Add(new JsonObject { ["name"] = "theirs" });
        _server.Apply(route);
        const string theirEntry = """{"parentRef":{"group":"gateway.networking.k8s.io","kind":"Gateway","namespace":"default","name":"theirs"},"controllerName":"example.com/other-controller","conditions":[{"type":"Accepted","status":"True","reason":"Accepted","message":"theirs","observedGeneration":2,"lastTransitionTime":"2025-12-31T00:00:00Z"}]}""";
        var other = JsonNode.Parse("""{"status":{"parents":[""" + theirEntry + "]}}")!.AsObject();
        await _client.PatchStatusAsync(ResourceType.HttpRoute, "default", "web", other, CancellationToken.None);
        await Until(() => _routes.Find("default", "web") is { Generation: 2, Status.ValueKind: System.Text.Json.JsonValueKind.Object }, "the route with both parents and their status");

        _writer.Report([RouteStatus(accepted: true, resolved: true) with { ObservedGeneration = 2 }], []);
        await _writer.WriteOnceAsync(CancellationToken.None);

        var patch = JsonNode.Parse(_server.Requests.Last(r => r.Method == "PATCH").Body)!["status"]!["parents"]!.AsArray();
        Assert.That(patch.Select(p => ((string?)p!["controllerName"], (string?)p["parentRef"]!["name"])),
            Is.EqualTo(new[] { ((string?)OtherController, (string?)"theirs"), (Controller, "gw") }));
        Assert.That(patch[0]!.ToJsonString(), Is.EqualTo(theirEntry), "their entry is sent back byte for byte (a merge patch replaces the whole list)");
        var stored = _server.Get("gateway.networking.k8s.io/v1", "HTTPRoute", "default", "web")!["status"]!["parents"]!.AsArray();
        Assert.That(stored.Select(p => (string?)p!["controllerName"]), Is.EqualTo(new[] { OtherController, Controller }));
    }

    [Test]
    public async Task SimulatedServer_GatewayClassStatus_IsAcceptedWithObservedGeneration_OnTheClusterScopedPath()
    {
        var ours = new ObjectRef("GatewayClass", "", "xds");
        _writer.Report([new DesiredStatus(ours, 1, null, [new("Accepted", true, "Accepted", "handled by " + Controller)])], []);

        var (patched, _) = await _writer.WriteOnceAsync(CancellationToken.None);

        Assert.That(patched, Is.EqualTo(1));
        Assert.That(_server.Requests.Single(r => r.Method == "PATCH").Path, Is.EqualTo("/apis/gateway.networking.k8s.io/v1/gatewayclasses/xds/status"));
        var conditions = _server.Get("gateway.networking.k8s.io/v1", "GatewayClass", null, "xds")!["status"]!["conditions"]!.AsArray();
        Assert.That(conditions.Select(c => ((string?)c!["type"], (string?)c["status"], (string?)c["reason"], (long?)c["observedGeneration"])),
            Is.EqualTo(new[] { ("Accepted", "True", "Accepted", 1L) }));
        Assert.That(_server.Get("gateway.networking.k8s.io/v1", "GatewayClass", null, "other")!["status"], Is.Null, "nothing for another controller's class");
    }

    [Test]
    public async Task SimulatedServer_InvalidGatewayOfAnotherController_GetsNoStatus_InvalidGatewayOfOurs_IsNotAccepted()
    {
        foreach (var (name, className) in new[] { ("bad-theirs", "other"), ("bad-ours", "xds") })
        {
            var gateway = KubeObjects.Gateway(name, className: className);
            gateway["spec"]!["listeners"]![0]!["port"] = 70000;
            _server.Apply(gateway);
        }

        await Until(() => _gateways.Find("default", "bad-theirs") is not null && _gateways.Find("default", "bad-ours") is not null, "both invalid Gateways in the cache", _gateways);
        var errors = new[] { "bad-theirs", "bad-ours" }.SelectMany(n => _gateways.Find("default", n)!.Mapped.Errors).ToList();
        Assert.That(errors.Select(e => e.Object.Name).Distinct(), Is.EqualTo(new[] { "bad-theirs", "bad-ours" }), "both fail to map");

        _writer.Report([], errors);
        await _writer.WriteOnceAsync(CancellationToken.None);

        Assert.That(_server.Get("gateway.networking.k8s.io/v1", "Gateway", "default", "bad-theirs")!["status"], Is.Null);
        var accepted = _server.Get("gateway.networking.k8s.io/v1", "Gateway", "default", "bad-ours")!["status"]!["conditions"]![0]!;
        Assert.That(((string?)accepted["type"], (string?)accepted["status"]), Is.EqualTo(("Accepted", "False")));
    }

    [Test]
    public async Task SimulatedServer_ARouteThatFailedValidation_IsReportedOnlyOnOurParents()
    {
        var bad = KubeObjects.HttpRoute("bad", "gw", "web", 80);
        bad["spec"]!["parentRefs"]!.AsArray().Add(new JsonObject { ["name"] = "theirs" });
        bad["spec"]!["rules"]![0]!["backendRefs"]![0]!["weight"] = -1;
        _server.Apply(bad);
        await Until(() => _routes.Find("default", "bad") is not null, "the invalid route in the cache");

        _writer.Report([], _routes.Find("default", "bad")!.Mapped.Errors);
        await _writer.WriteOnceAsync(CancellationToken.None);

        var parents = _server.Get("gateway.networking.k8s.io/v1", "HTTPRoute", "default", "bad")!["status"]!["parents"]!.AsArray();
        Assert.That(parents.Select(p => (string?)p!["parentRef"]!["name"]), Is.EqualTo(new[] { "gw" }));
    }

    [Test]
    public async Task SimulatedServer_AnInactiveWriter_WritesNothing_UntilItBecomesActive()
    {
        var passes = new List<int>();
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _writer.Written += n =>
        {
            passes.Add(n);
            written.TrySetResult();
        };
        _writer.Active = false;
        _writer.Start();

        _writer.Report([RouteStatus(accepted: true, resolved: true)], []);
        _writer.Active = true;
        await written.Task.WaitAsync(_wait);

        Assert.That(passes, Is.EqualTo(new[] { 1 }));
        Assert.That(_server.Requests.Count(r => r.Method == "PATCH"), Is.EqualTo(1));
    }

    private static DesiredStatus RouteStatus(bool accepted, bool resolved) => new(_route, 1, _parent,
    [
        new("Accepted", accepted, accepted ? "Accepted" : "NotAllowedByListeners", "route"),
        new("ResolvedRefs", resolved, resolved ? "ResolvedRefs" : "BackendNotFound", resolved ? "all resolved" : "service web not found"),
    ]);

    /// <summary>Waits for <paramref name="condition"/>, checking after each event of <paramref name="informer"/> (the routes' by default).</summary>
    private async Task Until(Func<bool> condition, string awaiting, Informer? informer = null)
    {
        informer ??= _routes;
        using var signal = new SemaphoreSlim(0);
        void OnEvent(string type) => signal.Release();
        informer.EventApplied += OnEvent;
        try
        {
            using var cts = new CancellationTokenSource(_wait);
            while (!condition())
            {
                try
                {
                    await signal.WaitAsync(cts.Token);
                }
                catch (OperationCanceledException)
                {
                    throw new TimeoutException($"timed out waiting for {awaiting}");
                }
            }
        }
        finally
        {
            informer.EventApplied -= OnEvent;
        }
    }
}
