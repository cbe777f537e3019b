using System.Text.Json.Nodes;

namespace XdsControlPlane.EndToEnd.Tests;

/// <summary>
/// Policies from the manifest directory, applied by the real @grpc/grpc-js-xds client: retries recover from a failing
/// backend, fault injection aborts calls (also when added and removed while the client is connected), ring hash keeps
/// a key on one backend.
/// </summary>
[NonParallelizable]
public sealed class ProxylessPolicyTests : ManifestFixture
{
    /// <summary>A GRPCRoute on the echo Service splitting 50/50 between v1 and v2.</summary>
    private const string Route = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: GRPCRoute
        metadata: {name: echo-mesh, namespace: default}
        spec:
          parentRefs: [{kind: Service, group: "", name: echo, port: 50051}]
          rules:
            - name: all
              matches: [{method: {service: e2e.Echo}}]
              backendRefs:
                - {name: echo-v1, port: 50051, weight: 1}
                - {name: echo-v2, port: 50051, weight: 1}
        """;

    private static string Policy(string name, string targetKind, string targetName, string sections) => $"""
        apiVersion: xds.controlplane.io/v1alpha1
        kind: XdsPolicy
        metadata: {"{"}name: {name}, namespace: default{"}"}
        spec:
          targetRef: {"{"}kind: {targetKind}, name: {targetName}{"}"}
        {sections}
        """;

    [Test]
    public async Task RetryPolicy_RecoversFromABackendThatFailsItsFirstCalls()
    {
        // Both backends fail their first two calls with UNAVAILABLE; three attempts on "unavailable" always succeed.
        var (v1, v2) = (await BackendAsync("echo-v1", failFirst: 2), await BackendAsync("echo-v2", failFirst: 2));
        await WriteAsync("services.yaml", Services(v1, v2));
        await WriteAsync("route.yaml", Route);
        await WriteAsync("policy.yaml", Policy("retry", "GRPCRoute", "echo-mesh", "  retry: {attempts: 3, on: [unavailable]}"));
        var (server, client) = await StartAsync();

        var first = await CallAsync(client, 10);

        Assert.That((int)first["ok"]!, Is.EqualTo(10), $"every call succeeds through retries: {first}\nserver log:\n{server.LogTail}");
    }

    [Test]
    public async Task WithoutTheRetryPolicy_TheSameBackendFailuresReachTheCaller()
    {
        // The control for the test above: same failing backends, no policy.
        var (v1, v2) = (await BackendAsync("echo-v1", failFirst: 2), await BackendAsync("echo-v2", failFirst: 2));
        await WriteAsync("services.yaml", Services(v1, v2));
        await WriteAsync("route.yaml", Route);
        var (_, client) = await StartAsync();

        var result = await CallAsync(client, 10);

        Assert.That((int)result["failed"]!, Is.GreaterThan(0), result.ToJsonString());
        Assert.That(result["errors"]!.AsArray().Select(e => (string?)e), Has.Some.StartsWith("UNAVAILABLE backend echo-v"),
            "the failures are the backends' own, not a missing configuration");
    }

    [Test]
    public async Task FaultPolicy_AbortsEveryCallWithTheConfiguredStatus()
    {
        var (v1, v2) = (await BackendAsync("echo-v1"), await BackendAsync("echo-v2"));
        await WriteAsync("services.yaml", Services(v1, v2));
        await WriteAsync("route.yaml", Route);
        await WriteAsync("policy.yaml", Policy("fault", "GRPCRoute", "echo-mesh", "  fault: {abort: {percent: 100, grpcStatus: 8}}"));
        var (server, client) = await StartAsync();

        var result = await client.AskAsync(new { cmd = "call", count = 10, deadlineMs = 10000, metadata = new Dictionary<string, string>() }, "result", Wait);

        Assert.That((int)result["failed"]!, Is.EqualTo(10), $"{result}\nserver log:\n{server.LogTail}");
        Assert.That(result["errors"]!.AsArray().Select(e => (string?)e), Has.All.StartsWith("RESOURCE_EXHAUSTED"), result.ToJsonString());
    }

    /// <summary>
    /// Where the policy attaches: the GRPCRoute on echo (its rule's route), or Service echo-v1 that no route attaches
    /// to (its default route). Each is dialed by its own target.
    /// </summary>
    private static IEnumerable<TestCaseData> LiveFaultTargets() =>
    [
        new TestCaseData("GRPCRoute", "echo-mesh", "echo.default.svc:50051").SetName("FaultPolicy_AddedWhileTheClientIsConnected_AbortsItsCallsUntilRemoved(route rule)"),
        new TestCaseData("Service", "echo-v1", "echo-v1.default.svc:50051").SetName("FaultPolicy_AddedWhileTheClientIsConnected_AbortsItsCallsUntilRemoved(service default route)"),
    ];

    [TestCaseSource(nameof(LiveFaultTargets))]
    public async Task FaultPolicy_AddedWhileTheClientIsConnected_AbortsItsCallsUntilRemoved(string targetKind, string targetName, string target)
    {
        var (v1, v2) = (await BackendAsync("echo-v1"), await BackendAsync("echo-v2"));
        await WriteAsync("services.yaml", Services(v1, v2));
        await WriteAsync("route.yaml", Route);
        var (server, client) = await StartAsync(target);
        var before = await CallAsync(client, 10);
        Assert.That((int)before["ok"]!, Is.EqualTo(10), $"calls succeed before any policy: {before}\nserver log:\n{server.LogTail}");

        // The client stays connected: the policy reaches it as an update, not in its first configuration.
        await WriteAsync("policy.yaml", Policy("fault", targetKind, targetName, "  fault: {abort: {percent: 100, grpcStatus: 8}}"));
        JsonObject aborted = before;
        await UntilAsync(async () => AllFailWith(aborted = await CallAsync(client, 10), "RESOURCE_EXHAUSTED"),
            "every call of the connected client to be aborted with RESOURCE_EXHAUSTED", server);
        Assert.That(aborted["errors"]!.AsArray().Select(e => (string?)e), Has.All.StartsWith("RESOURCE_EXHAUSTED"), aborted.ToJsonString());

        File.Delete(Path.Combine(Dir, "policy.yaml"));
        JsonObject after = aborted;
        await UntilAsync(async () => (int)(after = await CallAsync(client, 10))["ok"]! == 10,
            "every call of the connected client to succeed again once the policy is gone", server);
        Assert.That((int)after["failed"]!, Is.Zero, after.ToJsonString());
    }

    [Test]
    public async Task RingHashPolicy_KeepsEachKeyOnOneBackend()
    {
        var (v1, v2) = (await BackendAsync("echo-v1"), await BackendAsync("echo-v2"));
        await WriteAsync("services.yaml", Services(v1, v2));
        await WriteAsync("route.yaml", """
            apiVersion: gateway.networking.k8s.io/v1
            kind: GRPCRoute
            metadata: {name: echo-mesh, namespace: default}
            spec:
              parentRefs: [{kind: Service, group: "", name: echo, port: 50051}]
              rules:
                - matches: [{method: {service: e2e.Echo}}]
                  backendRefs: [{name: echo, port: 50051}]
            """);
        // echo's own EndpointSlice lists both backends, so one cluster with two endpoints is hashed over.
        await WriteAsync("echo-endpoints.yaml", $"""
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata: {"{"}name: echo-1, namespace: default, labels: {"{"}kubernetes.io/service-name: echo{"}"}{"}"}
            addressType: IPv4
            ports: [{"{"}name: grpc, port: {v1}{"}"}]
            endpoints: [{"{"}addresses: ["127.0.0.1"], conditions: {"{"}ready: true{"}"}{"}"}]
            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata: {"{"}name: echo-2, namespace: default, labels: {"{"}kubernetes.io/service-name: echo{"}"}{"}"}
            addressType: IPv4
            ports: [{"{"}name: grpc, port: {v2}{"}"}]
            endpoints: [{"{"}addresses: ["127.0.0.1"], conditions: {"{"}ready: true{"}"}{"}"}]
            """);
        await WriteAsync("policy.yaml", Policy("hash", "Service", "echo", "  loadBalancer: {type: RingHash, hashOn: [{header: x-user}]}"));
        var (server, client) = await StartAsync();
        var ready = await client.AskAsync(new { cmd = "waitOk", timeoutMs = 30000 }, "waitOk", Wait);
        Assert.That((bool)ready["ok"]!, Is.True, $"{ready}\nserver log:\n{server.LogTail}");

        var backendsPerUser = new List<int>();
        var reached = new HashSet<string>();
        for (var user = 0; user < 12; user++)
        {
            var result = await CallAsync(client, 8, new() { ["x-user"] = $"user-{user}" });
            Assert.That((int)result["ok"]!, Is.EqualTo(8), result.ToJsonString());
            var backends = result["byBackend"]!.AsObject().Select(p => p.Key).ToArray();
            backendsPerUser.Add(backends.Length);
            reached.UnionWith(backends);
        }

        Assert.That(backendsPerUser, Has.All.EqualTo(1), "each user's calls stay on one backend");
        Assert.That(reached, Has.Count.EqualTo(2), "different users spread over both backends");
    }

    private static bool AllFailWith(JsonObject result, string status) =>
        (int)result["ok"]! == 0 && result["errors"]!.AsArray().All(e => ((string?)e)?.StartsWith(status, StringComparison.Ordinal) == true);
}
