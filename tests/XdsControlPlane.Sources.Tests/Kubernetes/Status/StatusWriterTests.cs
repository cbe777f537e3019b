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
    private KubernetesApi _client = null!;
    private ManualClock _clock = null!;
    private Informer _routes = null!;
    private Informer _gateways = null!;
    private Informer _classes = null!;
    private Informer _policies = null!;
    private StatusWriter _writer = null!;

    [SetUp]
    public async Task Start()
    {
        _server = await SimulatedApiServer.StartAsync();
        _client = SimulatedCluster.Api(_server);
        _clock = new ManualClock();
        _server.Apply(KubeObjects.HttpRoute("web", "gw", "web", 80));
        _server.Apply(KubeObjects.Gateway("gw"));
        _server.Apply(KubeObjects.GatewayClass());
        _server.Apply(KubeObjects.GatewayClass("other", OtherController));
        _server.Apply(KubeObjects.Gateway("theirs", className: "other"));
        _server.Apply(KubeObjects.XdsPolicy("retry", "Service", "web"));
        var options = new InformerOptions(null, null, 100, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(50));
        _routes = new Informer(_client, ResourceType.HttpRoute, options, TimeProvider.System, NullLogger.Instance);
        _gateways = new Informer(_client, ResourceType.Gateway, options, TimeProvider.System, NullLogger.Instance);
        _classes = new Informer(_client, ResourceType.GatewayClass, options, TimeProvider.System, NullLogger.Instance);
        _policies = new Informer(_client, ResourceType.XdsPolicy, options, TimeProvider.System, NullLogger.Instance);
        _routes.Start();
        _gateways.Start();
        _classes.Start();
        _policies.Start();
        await Task.WhenAll(_routes.Synced, _gateways.Synced, _classes.Synced, _policies.Synced).WaitAsync(_wait);
        _writer = Writer(Find);
    }

    private CachedObject? Find(ObjectRef o) =>
        (o.Kind switch { "Gateway" => _gateways, "GatewayClass" => _classes, "XdsPolicy" => _policies, _ => _routes }).Find(o.Namespace, o.Name);

    private StatusWriter Writer(Func<ObjectRef, CachedObject?> find) =>
        new(_client, find, Controller, _clock, NullLogger.Instance, TimeSpan.FromMilliseconds(10)) { Active = true };

    [TearDown]
    public async Task Stop()
    {
        await _writer.DisposeAsync();
        await _routes.DisposeAsync();
        await _gateways.DisposeAsync();
        await _classes.DisposeAsync();
        await _policies.DisposeAsync();
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
        _writer.Report([new ObjectStatus(gateway, 1, null, [new("Programmed", true, "Programmed", "ok"), new("Accepted", true, "Accepted", "ok")])], []);

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
        _writer.Report([new ObjectStatus(ours, 1, null, [new("Accepted", true, "Accepted", "handled by " + Controller)])], []);

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

    [Test]
    public async Task SimulatedServer_GatewayListenerStatus_IsWrittenPerListener_WithSupportedKindsAttachedRoutesAndObservedGeneration()
    {
        _server.Apply(KubeObjects.Gateway("gw", port: 9090));
        await Until(() => _gateways.Find("default", "gw") is { Generation: 2 }, "generation 2 of the Gateway", _gateways);
        var gateway = new ObjectRef("Gateway", "default", "gw");
        _writer.Report([new ObjectStatus(gateway, 2, null, [new("Accepted", true, "Accepted", "ok"), new("Programmed", true, "Programmed", "ok")])
        {
            Listeners = [new ListenerStatus("http", ["HTTPRoute"], 1,
                [new("Accepted", true, "Accepted", "accepted"), new("Conflicted", false, "NoConflicts", "none"), new("Programmed", true, "Programmed", "programmed"),
                    new("ResolvedRefs", false, "InvalidRouteKinds", "route kind TCPRoute is not supported")])],
        }], []);

        await _writer.WriteOnceAsync(CancellationToken.None);

        var listener = _server.Get("gateway.networking.k8s.io/v1", "Gateway", "default", "gw")!["status"]!["listeners"]!.AsArray().Single()!;
        Assert.That((string?)listener["name"], Is.EqualTo("http"));
        Assert.That(listener["supportedKinds"]!.ToJsonString(), Is.EqualTo("""[{"group":"gateway.networking.k8s.io","kind":"HTTPRoute"}]"""));
        Assert.That((int?)listener["attachedRoutes"], Is.EqualTo(1));
        Assert.That(listener["conditions"]!.AsArray().Select(c => ((string?)c!["type"], (string?)c["status"], (string?)c["reason"], (long?)c["observedGeneration"])), Is.EqualTo(new[]
        {
            ("Accepted", "True", "Accepted", 2L), ("Conflicted", "False", "NoConflicts", 2L), ("Programmed", "True", "Programmed", 2L), ("ResolvedRefs", "False", "InvalidRouteKinds", 2L),
        }));
        Assert.That((string?)listener["conditions"]![0]!["lastTransitionTime"], Is.EqualTo("2026-01-01T00:00:00Z"));
    }

    [Test]
    public async Task SimulatedServer_XdsPolicyStatus_AcceptedAndTargetNotFound_AreWrittenOnThePolicies_AndAPolicyNotInTheClusterGetsNothing()
    {
        _server.Apply(KubeObjects.XdsPolicy("orphan", "Service", "nope"));
        await Until(() => _policies.Find("default", "orphan") is not null, "the orphan policy in the cache", _policies);
        _writer.Report(
        [
            new ObjectStatus(new ObjectRef("XdsPolicy", "default", "retry"), 1, null, [new("Accepted", true, "Accepted", "applies to Service default/web")]),
            new ObjectStatus(new ObjectRef("XdsPolicy", "default", "orphan"), 1, null, [new("Accepted", false, "TargetNotFound", "spec.targetRef: Service default/nope not found")]),
            new ObjectStatus(new ObjectRef("XdsPolicy", "default", "from-the-policy-store"), 1, null, [new("Accepted", true, "Accepted", "store")]),
        ], []);

        var (patched, failed) = await _writer.WriteOnceAsync(CancellationToken.None);

        Assert.That((patched, failed), Is.EqualTo((2, false)));
        Assert.That(_server.Requests.Where(r => r.Method == "PATCH").Select(r => r.Path), Is.EquivalentTo(new[]
        {
            "/apis/xds.controlplane.io/v1alpha1/namespaces/default/xdspolicies/retry/status",
            "/apis/xds.controlplane.io/v1alpha1/namespaces/default/xdspolicies/orphan/status",
        }));
        (string?, string?, string?, long?) Accepted(string name) =>
            _server.Get("xds.controlplane.io/v1alpha1", "XdsPolicy", "default", name)!["status"]!["conditions"]!.AsArray().Single() is { } c
                ? ((string?)c["type"], (string?)c["status"], (string?)c["reason"], (long?)c["observedGeneration"]) : default;
        Assert.That(Accepted("retry"), Is.EqualTo(("Accepted", "True", "Accepted", 1L)));
        Assert.That(Accepted("orphan"), Is.EqualTo(("Accepted", "False", "TargetNotFound", 1L)));
    }

    [Test]
    public async Task SimulatedServer_AnXdsPolicyThatFailedValidation_IsNotAccepted_Invalid_WithTheErrorsAsMessage()
    {
        var bad = KubeObjects.XdsPolicy("bad", "Service", "web");
        bad["spec"]!["retyr"] = new JsonObject { ["attempts"] = 2 };
        _server.Apply(bad);
        await Until(() => _policies.Find("default", "bad") is not null, "the invalid policy in the cache", _policies);
        var cached = _policies.Find("default", "bad")!;
        Assert.That(cached.Mapped.Value, Is.Null, "the mapper drops it: " + string.Join("; ", cached.Mapped.Errors));

        _writer.Report([], cached.Mapped.Errors);
        await _writer.WriteOnceAsync(CancellationToken.None);

        var accepted = _server.Get("xds.controlplane.io/v1alpha1", "XdsPolicy", "default", "bad")!["status"]!["conditions"]!.AsArray().Single()!;
        Assert.That(((string?)accepted["type"], (string?)accepted["status"], (string?)accepted["reason"]), Is.EqualTo(("Accepted", "False", "Invalid")));
        Assert.That((string?)accepted["message"], Does.Contain("retyr"));
    }

    [Test]
    public async Task SimulatedServer_APatchFromAStaleCache_Gets409_AndTheRecomputedPatchKeepsTheParentAnotherControllerAddedMeanwhile()
    {
        var stale = _routes.Find("default", "web")!;
        var other = JsonNode.Parse("""{"status":{"parents":[{"parentRef":{"name":"theirs"},"controllerName":"example.com/other","conditions":[]}]}}""")!.AsObject();
        await _client.PatchStatusAsync(ResourceType.HttpRoute, "default", "web", other, CancellationToken.None);
        var current = (string?)_server.Get("gateway.networking.k8s.io/v1", "HTTPRoute", "default", "web")!["metadata"]!["resourceVersion"];
        // The writer's cache has not seen the other controller's write yet.
        await using var writer = Writer(o => o == _route ? stale : Find(o));
        writer.Report([RouteStatus(accepted: true, resolved: true)], []);

        var (patched, failed) = await writer.WriteOnceAsync(CancellationToken.None);

        Assert.That((patched, failed), Is.EqualTo((1, false)));
        var ours = _server.Requests.Where(r => r.Method == "PATCH").Skip(1).ToList();
        Assert.That(ours.Select(r => (string?)JsonNode.Parse(r.Body)!["metadata"]?["resourceVersion"]), Is.EqualTo(new[] { stale.ResourceVersion, current }),
            "the first patch names the stale version (refused), the second the version read again");
        Assert.That(_server.Requests.Any(r => r.Method == "GET" && r.Path.EndsWith("/httproutes/web", StringComparison.Ordinal)), Is.True, "the route was read again");
        Assert.That(JsonNode.Parse(ours[0].Body)!["status"]!["parents"]!.AsArray(), Has.Count.EqualTo(1), "computed without their entry");
        var parents = _server.Get("gateway.networking.k8s.io/v1", "HTTPRoute", "default", "web")!["status"]!["parents"]!.AsArray();
        Assert.That(parents.Select(p => (string?)p!["controllerName"]), Is.EqualTo(new[] { "example.com/other", Controller }));
    }

    [Test]
    public async Task SimulatedServer_ConflictsThatDoNotEnd_AreRetriedABoundedNumberOfTimes_ThenThePassFails()
    {
        _server.Fault = r => r.Method == "PATCH" ? 409 : null;
        _writer.Report([RouteStatus(accepted: true, resolved: true)], []);

        var (patched, failed) = await _writer.WriteOnceAsync(CancellationToken.None);

        Assert.That((patched, failed), Is.EqualTo((0, true)));
        Assert.That(_server.Requests.Count(r => r.Method == "PATCH"), Is.EqualTo(StatusWriter.MaxAttempts));
        Assert.That(_server.Requests.Count(r => r.Method == "GET" && r.Path.EndsWith("/httproutes/web", StringComparison.Ordinal)), Is.EqualTo(StatusWriter.MaxAttempts - 1));
    }

    private static ObjectStatus RouteStatus(bool accepted, bool resolved) => new(_route, 1, _parent,
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
