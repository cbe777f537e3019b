using System.Text.Json;
using System.Text.Json.Nodes;
using XdsControlPlane.Sources.Kubernetes.Api;
using XdsControlPlane.Testing.Kubernetes;

namespace XdsControlPlane.Sources.Tests.Kubernetes.Api;

/// <summary>
/// The API over KubernetesClient against the simulated API server (real REST and watch protocol, in process): the
/// requests the library sends, and its answers and errors as the informers and the status writer need them.
/// </summary>
public sealed class KubernetesApiTests
{
    private static readonly TimeSpan _wait = TimeSpan.FromSeconds(10);
    private SimulatedApiServer _server = null!;

    [SetUp]
    public async Task StartServer() => _server = await SimulatedApiServer.StartAsync();

    [TearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [Test]
    public async Task SimulatedServer_StatusMergePatch_WithAStaleResourceVersion_Is409Conflict_AndChangesNothing_WithTheCurrentOneItApplies()
    {
        var stored = _server.Apply(KubeObjects.HttpRoute("web", "gw", "web", 80));
        var stale = (string)stored["metadata"]!["resourceVersion"]!;
        var other = JsonNode.Parse("""{"status":{"parents":[{"controllerName":"example.com/other","parentRef":{"name":"theirs"},"conditions":[]}]}}""")!.AsObject();
        using var client = Client();
        await client.PatchStatusAsync(ResourceType.HttpRoute, "default", "web", other, CancellationToken.None);
        var current = (string)_server.Get("gateway.networking.k8s.io/v1", "HTTPRoute", "default", "web")!["metadata"]!["resourceVersion"]!;

        JsonObject Patch(string version) => JsonNode.Parse($$"""{"metadata":{"resourceVersion":"{{version}}"},"status":{"parents":[]} }""")!.AsObject();
        var refused = Assert.ThrowsAsync<KubernetesApiException>(() => client.PatchStatusAsync(ResourceType.HttpRoute, "default", "web", Patch(stale), CancellationToken.None));

        Assert.That((refused!.StatusCode, refused.Reason), Is.EqualTo((409, "Conflict")));
        Assert.That(refused.Message, Does.Contain("the object has been modified"));
        var unchanged = _server.Get("gateway.networking.k8s.io/v1", "HTTPRoute", "default", "web")!;
        Assert.That(((string?)unchanged["metadata"]!["resourceVersion"], unchanged["status"]!["parents"]!.AsArray().Count), Is.EqualTo((current, 1)));

        await client.PatchStatusAsync(ResourceType.HttpRoute, "default", "web", Patch(current), CancellationToken.None);
        Assert.That(_server.Get("gateway.networking.k8s.io/v1", "HTTPRoute", "default", "web")!["status"]!["parents"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task SimulatedServer_List_PagesWithLimitAndContinue_AndReportsTheListResourceVersion()
    {
        for (var i = 0; i < 5; i++)
        {
            _server.Apply(KubeObjects.Service($"svc-{i}", 80));
        }

        using var client = Client();
        var first = await client.ListAsync(ResourceType.Service, new ListRequest(null, null, Limit: 2), CancellationToken.None);
        var second = await client.ListAsync(ResourceType.Service, new ListRequest(null, null, Limit: 2, Continue: first.Continue), CancellationToken.None);
        var third = await client.ListAsync(ResourceType.Service, new ListRequest(null, null, Limit: 2, Continue: second.Continue), CancellationToken.None);

        Assert.That(new[] { first.Items.Count, second.Items.Count, third.Items.Count }, Is.EqualTo(new[] { 2, 2, 1 }));
        Assert.That(third.Continue, Is.Null);
        Assert.That(first.ResourceVersion, Is.EqualTo(_server.ResourceVersion));
        Assert.That(_server.Requests.Where(r => r.Path == "/api/v1/services").Select(r => r["limit"]), Is.All.EqualTo("2"));
    }

    [Test]
    public async Task SimulatedServer_Watch_StreamsChangesAfterTheVersion_AndBookmarks()
    {
        _server.Apply(KubeObjects.Service("before", 80));
        var from = _server.ResourceVersion;
        _server.Apply(KubeObjects.Service("after", 80));
        using var client = Client();
        using var cts = new CancellationTokenSource(_wait);
        await using var events = client.WatchAsync(ResourceType.Service, new ListRequest("default", null, ResourceVersion: from), cts.Token).GetAsyncEnumerator(cts.Token);

        Assert.That(await events.MoveNextAsync(), Is.True);
        Assert.That((events.Current.Type, ApiObjects.Key(events.Current.Object)), Is.EqualTo(("ADDED", "default/after")));

        _server.Delete("v1", "Service", "default", "before");
        Assert.That(await events.MoveNextAsync(), Is.True);
        Assert.That((events.Current.Type, ApiObjects.Key(events.Current.Object)), Is.EqualTo(("DELETED", "default/before")));

        _server.Bookmark();
        Assert.That(await events.MoveNextAsync(), Is.True);
        Assert.That((events.Current.Type, ApiObjects.ResourceVersion(events.Current.Object)), Is.EqualTo(("BOOKMARK", _server.ResourceVersion)));
        var watch = _server.Requests.Single(r => r.IsWatch);
        Assert.That((watch["allowWatchBookmarks"], watch["resourceVersion"], watch.Path), Is.EqualTo(("true", from, "/api/v1/namespaces/default/services")));
    }

    [TestCase(false, TestName = "SimulatedServer_WatchFromACompactedVersion_As410ErrorEvent_ThrowsGone")]
    [TestCase(true, TestName = "SimulatedServer_WatchFromACompactedVersion_AsHttp410_ThrowsGone")]
    public void WatchFromCompactedVersion(bool asHttpStatus)
    {
        _server.WatchGoneAsHttpStatus = asHttpStatus;
        _server.Apply(KubeObjects.Service("a", 80));
        var old = _server.ResourceVersion;
        _server.Apply(KubeObjects.Service("b", 80));
        _server.Compact();
        using var client = Client();

        var e = Assert.ThrowsAsync<KubernetesApiException>(async () =>
        {
            await foreach (var _ in client.WatchAsync(ResourceType.Service, new ListRequest(null, null, ResourceVersion: old), CancellationToken.None))
            {
            }
        });

        Assert.That(e!.IsGone, Is.True, e.Message);
    }

    [Test]
    public async Task SimulatedServer_PatchStatus_SendsAMergePatchToTheStatusSubresource()
    {
        _server.Apply(KubeObjects.HttpRoute("web", "gw", "web", 80));
        using var client = Client();

        await client.PatchStatusAsync(ResourceType.HttpRoute, "default", "web", new JsonObject { ["status"] = new JsonObject { ["parents"] = new JsonArray() } }, CancellationToken.None);

        var patch = _server.Requests.Single(r => r.Method == "PATCH");
        Assert.That(patch.Path, Is.EqualTo("/apis/gateway.networking.k8s.io/v1/namespaces/default/httproutes/web/status"));
        Assert.That(patch.ContentType, Does.StartWith("application/merge-patch+json"));
        Assert.That(patch.Body, Is.EqualTo("""{"status":{"parents":[]}}"""));
        Assert.That(_server.Get("gateway.networking.k8s.io/v1", "HTTPRoute", "default", "web")?["status"]?["parents"], Is.Not.Null);
    }

    [Test]
    public async Task SimulatedServer_Lease_CreateThenReplace_AndAStaleResourceVersionGets409()
    {
        using var client = Client();
        Assert.That(await client.GetLeaseAsync("xds", "leader", CancellationToken.None), Is.Null);
        var now = DateTimeOffset.UtcNow;

        var created = await client.CreateLeaseAsync(new Lease("xds", "leader", null, "a", 15, now, now, 0), CancellationToken.None);
        var renewed = await client.UpdateLeaseAsync(created with { RenewTime = now.AddSeconds(2) }, CancellationToken.None);
        var stale = Assert.ThrowsAsync<KubernetesApiException>(() => client.UpdateLeaseAsync(created with { HolderIdentity = "b" }, CancellationToken.None));
        var again = Assert.ThrowsAsync<KubernetesApiException>(() => client.CreateLeaseAsync(new Lease("xds", "leader", null, "b", 15, now, now, 0), CancellationToken.None));

        Assert.That((created.HolderIdentity, created.LeaseDurationSeconds), Is.EqualTo(("a", 15)));
        Assert.That(renewed.ResourceVersion, Is.Not.EqualTo(created.ResourceVersion));
        Assert.That(renewed.RenewTime, Is.EqualTo(now.AddSeconds(2)).Within(TimeSpan.FromMilliseconds(1)));
        Assert.That((stale!.IsConflict, again!.IsConflict), Is.EqualTo((true, true)));
        Assert.That((await client.GetLeaseAsync("xds", "leader", CancellationToken.None))?.HolderIdentity, Is.EqualTo("a"));
    }

    [Test]
    public async Task SimulatedServer_Paths_CoreKindsUnderApiV1_OthersUnderTheirGroup_ClusterScopedWithoutNamespace_WithSelectors()
    {
        using var client = Client();

        await client.ListAsync(ResourceType.Service, new ListRequest("team", "app=web", FieldSelector: "metadata.name=web"), CancellationToken.None);
        await client.ListAsync(ResourceType.XdsPolicy, new ListRequest(null, null), CancellationToken.None);
        await client.ListAsync(ResourceType.GatewayClass, new ListRequest("team", null), CancellationToken.None);
        await client.GetAsync(ResourceType.HttpRoute, "team", "web", CancellationToken.None);

        Assert.That(_server.Requests.Select(r => r.ToString()), Is.EqualTo(new[]
        {
            "GET /api/v1/namespaces/team/services?fieldSelector=metadata.name=web&labelSelector=app=web",
            "GET /apis/xds.controlplane.io/v1alpha1/xdspolicies",
            "GET /apis/gateway.networking.k8s.io/v1/gatewayclasses",
            "GET /apis/gateway.networking.k8s.io/v1/namespaces/team/httproutes/web",
        }));
    }

    [Test]
    public async Task SimulatedServer_WatchTheServerEndsBeforeAnyEvent_EndsWithoutError()
    {
        using var client = Client();
        using var cts = new CancellationTokenSource(_wait);
        await using var events = client.WatchAsync(ResourceType.Service, new ListRequest(null, null, ResourceVersion: _server.ResourceVersion), cts.Token).GetAsyncEnumerator(cts.Token);
        var next = events.MoveNextAsync().AsTask();
        await _server.WaitForOpenWatchAsync("services", "the Service watch");

        _server.EndWatches();

        Assert.That(await next.WaitAsync(_wait), Is.False);
    }

    [Test]
    public async Task SimulatedServer_UnreadableWatchLine_EndsTheWatchWithAnError_RatherThanSkippingToTheNextEvent()
    {
        using var client = Client();
        using var cts = new CancellationTokenSource(_wait);
        await using var events = client.WatchAsync(ResourceType.Service, new ListRequest(null, null, ResourceVersion: _server.ResourceVersion), cts.Token).GetAsyncEnumerator(cts.Token);
        var first = events.MoveNextAsync().AsTask();
        await _server.WaitForOpenWatchAsync("services", "the Service watch");
        _server.Apply(KubeObjects.Service("a", 80));
        Assert.That(await first.WaitAsync(_wait), Is.True);

        _server.SendWatchLine("services", "{\"type\":\"MODIFIED\",\"object\":");
        _server.Apply(KubeObjects.Service("b", 80));

        var e = Assert.ThrowsAsync<JsonException>(async () => await events.MoveNextAsync());
        Assert.That(e!.Message, Is.Not.Empty);
    }

    [Test]
    public void SimulatedServer_ServerError_KeepsItsCodeAndReason()
    {
        _server.Fault = _ => 503;
        using var client = Client();

        var e = Assert.ThrowsAsync<KubernetesApiException>(() => client.ListAsync(ResourceType.Service, new ListRequest(null, null), CancellationToken.None));

        Assert.That((e!.StatusCode, e.Reason), Is.EqualTo((503, "InternalError")));
    }

    [Test]
    public void SimulatedServer_ListOfAKindItDoesNotServe_Is404NotFound()
    {
        _server.Uninstall("xdspolicies");
        using var client = Client();

        var e = Assert.ThrowsAsync<KubernetesApiException>(() => client.ListAsync(ResourceType.XdsPolicy, new ListRequest(null, null), CancellationToken.None));

        Assert.That(e!.IsNotFound, Is.True);
    }

    private KubernetesApi Client() => SimulatedCluster.Api(_server);
}
