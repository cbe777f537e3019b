using System.Text.Json.Nodes;

namespace XdsControlPlane.EndToEnd.Tests;

/// <summary>
/// The real server binary started on a manifest directory, the real @grpc/grpc-js-xds client and real backends:
/// weighted split, header routing, live edits, and a broken manifest that leaves the rest serving.
/// </summary>
[NonParallelizable]
public sealed class ManifestDirectoryTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(60);
    private readonly List<IAsyncDisposable> _owned = [];
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("xds-manifests-").FullName;

    [TearDown]
    public async Task TearDown()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }

    private static string Services(int v1, int v2) => $"""
        apiVersion: v1
        kind: Service
        metadata: {"{"}name: echo, namespace: default{"}"}
        spec:
          ports: [{"{"}name: grpc, port: 50051{"}"}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {"{"}name: echo-v1, namespace: default{"}"}
        spec:
          ports: [{"{"}name: grpc, port: 50051{"}"}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {"{"}name: echo-v2, namespace: default{"}"}
        spec:
          ports: [{"{"}name: grpc, port: 50051{"}"}]
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata: {"{"}name: echo-v1-1, namespace: default, labels: {"{"}kubernetes.io/service-name: echo-v1{"}"}{"}"}
        addressType: IPv4
        ports: [{"{"}name: grpc, port: {v1}{"}"}]
        endpoints: [{"{"}addresses: ["127.0.0.1"], conditions: {"{"}ready: true{"}"}{"}"}]
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata: {"{"}name: echo-v2-1, namespace: default, labels: {"{"}kubernetes.io/service-name: echo-v2{"}"}{"}"}
        addressType: IPv4
        ports: [{"{"}name: grpc, port: {v2}{"}"}]
        endpoints: [{"{"}addresses: ["127.0.0.1"], conditions: {"{"}ready: true{"}"}{"}"}]
        """;

    private static string Route(int weightV1, int weightV2) => $"""
        apiVersion: gateway.networking.k8s.io/v1
        kind: GRPCRoute
        metadata: {"{"}name: echo-mesh, namespace: default{"}"}
        spec:
          parentRefs: [{"{"}kind: Service, group: "", name: echo, port: 50051{"}"}]
          rules:
            - matches:
                - method: {"{"}service: e2e.Echo, method: Hello{"}"}
                  headers: [{"{"}name: x-canary, value: "true"{"}"}]
              backendRefs: [{"{"}name: echo-v2, port: 50051{"}"}]
            - matches:
                - method: {"{"}service: e2e.Echo{"}"}
              backendRefs:
                - {"{"}name: echo-v1, port: 50051, weight: {weightV1}{"}"}
                - {"{"}name: echo-v2, port: 50051, weight: {weightV2}{"}"}
        """;

    private async Task<int> BackendAsync(string name)
    {
        var backend = NodeProcess.Start("backend.js", null, "--port", "0", "--name", name);
        _owned.Add(backend);
        return (int)(await backend.ReadEventAsync("listening", s_wait))["port"]!;
    }

    private static async Task<JsonObject> CallAsync(NodeProcess client, int count, bool canary = false) =>
        await client.AskAsync(canary
            ? new { cmd = "call", count, deadlineMs = 3000, metadata = new Dictionary<string, string> { ["x-canary"] = "true" } }
            : new { cmd = "call", count, deadlineMs = 3000, metadata = new Dictionary<string, string>() }, "result", s_wait);

    private static int Count(JsonObject result, string backend) => (int?)result["byBackend"]?[backend] ?? 0;

    [Test]
    public async Task ServerOnAManifestDirectory_SplitsByWeight_RoutesByHeader_FollowsEdits_AndSurvivesABrokenFile()
    {
        var (v1, v2) = (await BackendAsync("echo-v1"), await BackendAsync("echo-v2"));
        await File.WriteAllTextAsync(Path.Combine(_dir, "services.yaml"), Services(v1, v2));
        await File.WriteAllTextAsync(Path.Combine(_dir, "route.yaml"), Route(80, 20));
        var server = await ServerProcess.StartAsync(_dir, s_wait);
        _owned.Add(server);
        var client = NodeProcess.Start("xds-client.js", null, "--xds-server", $"127.0.0.1:{server.XdsPort}", "--node-id", "manifest-e2e", "--target", "echo.default.svc:50051");
        _owned.Add(client);
        await client.ReadEventAsync("ready", s_wait);
        var ready = await client.AskAsync(new { cmd = "waitOk", timeoutMs = 30000 }, "waitOk", s_wait);
        Assert.That((bool)ready["ok"]!, Is.True, $"{ready}\nserver log:\n{server.LogTail}");

        // 80/20 over 400 calls: the v2 share has a standard deviation of 2%; accept 20% ± 8%.
        var split = await CallAsync(client, 400);
        Assert.That((int)split["ok"]!, Is.EqualTo(400), split.ToJsonString());
        Assert.That(Count(split, "echo-v2"), Is.InRange(48, 112), split.ToJsonString());

        var canary = await CallAsync(client, 20, canary: true);
        Assert.That(Count(canary, "echo-v2"), Is.EqualTo(20), canary.ToJsonString());

        // A live edit: all traffic to v1.
        await File.WriteAllTextAsync(Path.Combine(_dir, "route.yaml"), Route(1, 0));
        await UntilAsync(async () => Count(await CallAsync(client, 20), "echo-v1") == 20, "the edited weights to take effect", server);

        // A broken file is reported with its file and line; routing keeps working on everything else.
        await File.WriteAllTextAsync(Path.Combine(_dir, "broken.yaml"), "apiVersion: v1\nkind: Service\nmetadata: {name: bad\n  namespace: default\n");
        using var http = new HttpClient { BaseAddress = server.Admin };
        await UntilAsync(async () => (await http.GetStringAsync("api/v1/errors")).Contains("broken.yaml", StringComparison.Ordinal),
            "the broken file to be reported by /api/v1/errors", server);
        var errors = JsonNode.Parse(await http.GetStringAsync("api/v1/errors"))!.AsArray();
        var fileError = errors.Single(e => ((string?)e!["name"])?.Contains("broken.yaml", StringComparison.Ordinal) == true)!;
        Assert.That((string?)fileError["errors"]![0]!["message"], Does.Match(@"line \d+"));
        var after = await CallAsync(client, 20);
        Assert.That(Count(after, "echo-v1"), Is.EqualTo(20), after.ToJsonString());
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string awaiting, ServerProcess server)
    {
        using var cts = new CancellationTokenSource(s_wait);
        while (!await condition())
        {
            try
            {
                await Task.Delay(200, cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"timed out waiting for {awaiting}; server log:\n{server.LogTail}");
            }
        }
    }
}
