using System.Text.Json.Nodes;
using XdsControlPlane.Testing.Kubernetes;

namespace XdsControlPlane.EndToEnd.Tests;

/// <summary>
/// The real server binary started with <c>--kubernetes</c> on a kubeconfig that points at the simulated Kubernetes
/// API server in this test process (real list/watch protocol), the real @grpc/grpc-js-xds client and real backends:
/// objects changed in the API reach the client's routing, and route status is written back through a Lease leader.
/// </summary>
[NonParallelizable]
public sealed class KubernetesClusterTests : ManifestFixture
{
    private const string Token = "e2e-service-account-token";
    private SimulatedApiServer _api = null!;

    [SetUp]
    public async Task StartApiServer()
    {
        _api = await SimulatedApiServer.StartAsync();
        _api.RequiredToken = Token;
    }

    [TearDown]
    public async Task StopApiServer() => await _api.DisposeAsync();

    [Test]
    public async Task SimulatedApiServer_ChangedRouteNewEndpointAndRelistAfter410_ReachTheGrpcXdsClient_AndRouteStatusIsWritten()
    {
        var (v1, v2, v3) = (await BackendAsync("echo-v1"), await BackendAsync("echo-v2"), await BackendAsync("echo-v3"));
        foreach (var service in new[] { "echo", "echo-v1", "echo-v2" })
        {
            _api.Apply(KubeObjects.Service(service, 50051));
        }

        _api.Apply(KubeObjects.EndpointSlice("echo-v1-1", "echo-v1", v1, ["127.0.0.1"]));
        _api.Apply(KubeObjects.EndpointSlice("echo-v2-1", "echo-v2", v2, ["127.0.0.1"]));
        _api.Apply(Route(v1Weight: 1, v2Weight: 0));
        var server = await StartAgainstSimulatedApiAsync();
        var client = NodeProcess.Start("xds-client.js", null, "--xds-server", $"127.0.0.1:{server.XdsPort}", "--node-id", "k8s-e2e", "--target", "echo.default.svc:50051");
        Own(client);
        await client.ReadEventAsync("ready", Wait);
        var ready = await client.AskAsync(new { cmd = "waitOk", timeoutMs = 30000 }, "waitOk", Wait);
        Assert.That((bool)ready["ok"]!, Is.True, $"{ready}\nserver log:\n{server.LogTail}");
        var first = await CallAsync(client, 20);
        Assert.That(Count(first, "echo-v1"), Is.EqualTo(20), first.ToJsonString());

        // The leader writes the route's status: Accepted and ResolvedRefs for its Service parent, at its generation.
        await UntilAsync(() => Task.FromResult(Conditions("echo-mesh") is { Count: 2 }), "the status of GRPCRoute echo-mesh", server);
        Assert.That(Conditions("echo-mesh"), Is.EqualTo(new[] { ("Accepted", "True", 1L), ("ResolvedRefs", "True", 1L) }));
        Assert.That(_api.Requests.Any(r => r.Method == "POST" && r.Path.EndsWith("/leases", StringComparison.Ordinal)), Is.True, "a Lease was taken before writing");

        // A changed GRPCRoute: all traffic to v2.
        _api.Apply(Route(v1Weight: 0, v2Weight: 1));
        await UntilAsync(async () => Count(await CallAsync(client, 20), "echo-v2") == 20, "the changed route to send everything to echo-v2", server);
        await UntilAsync(() => Task.FromResult(Conditions("echo-mesh") is [(_, _, 2L), (_, _, 2L)]), "observedGeneration 2 on the route status", server);

        // A new endpoint of echo-v2 (another EndpointSlice): calls reach it too.
        _api.Apply(KubeObjects.EndpointSlice("echo-v2-2", "echo-v2", v3, ["127.0.0.1"]));
        await UntilAsync(async () => Count(await CallAsync(client, 40), "echo-v3") > 0, "calls to reach the new endpoint echo-v3", server);

        // The API server drops every watch and compacts its history: the server lists again (410) and notices
        // that echo-v2-2 was deleted while it was not watching.
        var lists = _api.Requests.Count(r => !r.IsWatch && r.Path.EndsWith("/endpointslices", StringComparison.Ordinal));
        _api.Fault = r => r.IsWatch ? 503 : null;
        _api.DropWatches();
        _api.Delete("discovery.k8s.io/v1", "EndpointSlice", "default", "echo-v2-2");
        _api.Compact();
        _api.Fault = null;
        await UntilAsync(async () => Count(await CallAsync(client, 40), "echo-v2") == 40, "calls to stop reaching the deleted endpoint", server);
        Assert.That(_api.Requests.Count(r => !r.IsWatch && r.Path.EndsWith("/endpointslices", StringComparison.Ordinal)), Is.GreaterThan(lists), "a relist after 410");

        // A route to a Service that does not exist: ResolvedRefs False, BackendNotFound.
        var broken = KubeObjects.GrpcRoute("broken", "echo", 50051, [("missing", 50051, 1)]);
        broken["spec"]!["rules"]![0]!["matches"] = JsonNode.Parse("""[{"method":{"service":"e2e.Other"}}]""");
        _api.Apply(broken);
        await UntilAsync(() => Task.FromResult(Reason("broken", "ResolvedRefs") is not null), "the status of GRPCRoute broken", server);
        Assert.That(Reason("broken", "ResolvedRefs"), Is.EqualTo(("False", "BackendNotFound")));
    }

    [Test]
    public async Task SimulatedServer_CrossNamespaceBackend_IsRefNotPermittedUntilAReferenceGrantAllowsIt_InTheWrittenStatus()
    {
        _api.Apply(KubeObjects.Service("echo", 50051));
        _api.Apply(KubeObjects.Service("echo-v1", 50051));
        var route = KubeObjects.GrpcRoute("cross", "echo", 50051, [("echo-v1", 50051, 1)], ns: "team");
        route["spec"]!["parentRefs"]![0]!["namespace"] = "default";
        route["spec"]!["rules"]![0]!["backendRefs"]![0]!["namespace"] = "default";
        _api.Apply(route);
        var server = await StartAgainstSimulatedApiAsync();

        await UntilAsync(() => Task.FromResult(Reason("cross", "ResolvedRefs", "team") is not null), "the status of GRPCRoute team/cross", server);
        Assert.That(Reason("cross", "ResolvedRefs", "team"), Is.EqualTo(("False", "RefNotPermitted")));

        // A grant for HTTPRoutes does not cover a GRPCRoute; one for GRPCRoutes does.
        _api.Apply(KubeObjects.ReferenceGrant("http-only", "default", "team"));
        _api.Apply(KubeObjects.ReferenceGrant("grpc", "default", "team", service: "echo-v1", fromKind: "GRPCRoute"));
        await UntilAsync(() => Task.FromResult(Reason("cross", "ResolvedRefs", "team") is ("True", _)), "ResolvedRefs True on GRPCRoute team/cross after the grant", server);

        _api.Delete("gateway.networking.k8s.io/v1beta1", "ReferenceGrant", "default", "grpc");
        await UntilAsync(() => Task.FromResult(Reason("cross", "ResolvedRefs", "team") is ("False", "RefNotPermitted")), "RefNotPermitted again once the grant is deleted", server);
    }

    /// <summary>Starts the real binary in Kubernetes mode against the simulated API server, through a kubeconfig.</summary>
    private async Task<ServerProcess> StartAgainstSimulatedApiAsync()
    {
        await WriteAsync("kubeconfig", $"""
            apiVersion: v1
            kind: Config
            current-context: sim
            contexts: [{"{"}name: sim, context: {"{"}cluster: sim, user: sim, namespace: default{"}"}{"}"}]
            clusters: [{"{"}name: sim, cluster: {"{"}server: "{_api.Address}"{"}"}{"}"}]
            users: [{"{"}name: sim, user: {"{"}token: {Token}{"}"}{"}"}]
            """);
        var server = await ServerProcess.StartAsync(["--kubernetes", "--kubeconfig", Path.Combine(Dir, "kubeconfig")], Wait);
        Own(server);
        return server;
    }

    private static JsonObject Route(int v1Weight, int v2Weight)
    {
        var route = KubeObjects.GrpcRoute("echo-mesh", "echo", 50051, [("echo-v1", 50051, v1Weight), ("echo-v2", 50051, v2Weight)]);
        route["spec"]!["rules"]![0]!["matches"] = JsonNode.Parse("""[{"method":{"service":"e2e.Echo"}}]""");
        return route;
    }

    private List<(string Type, string Status, long Generation)>? Conditions(string route) =>
        (_api.Get("gateway.networking.k8s.io/v1", "GRPCRoute", "default", route)?["status"]?["parents"]?[0]?["conditions"] as JsonArray)?
            .Select(c => ((string)c!["type"]!, (string)c["status"]!, (long)c["observedGeneration"]!)).ToList();

    private (string Status, string Reason)? Reason(string route, string type, string ns = "default") =>
        (_api.Get("gateway.networking.k8s.io/v1", "GRPCRoute", ns, route)?["status"]?["parents"]?[0]?["conditions"] as JsonArray)?
            .Where(c => (string?)c!["type"] == type).Select(c => ((string)c!["status"]!, (string)c["reason"]!)).Cast<(string, string)?>().FirstOrDefault();
}
