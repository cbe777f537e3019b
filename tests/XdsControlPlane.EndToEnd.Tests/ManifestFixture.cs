using System.Text.Json.Nodes;

namespace XdsControlPlane.EndToEnd.Tests;

/// <summary>
/// The real server binary on a temporary manifest directory, real Node gRPC backends and the real
/// @grpc/grpc-js-xds client; everything started here is stopped after each test.
/// </summary>
public abstract class ManifestFixture
{
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly List<IAsyncDisposable> _owned = [];

    protected string Dir { get; private set; } = null!;

    [SetUp]
    public void CreateDirectory() => Dir = Directory.CreateTempSubdirectory("xds-manifests-").FullName;

    [TearDown]
    public async Task StopEverything()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }

        _owned.Clear();
        Directory.Delete(Dir, recursive: true);
    }

    /// <summary>Starts a backend named <paramref name="name"/>; <paramref name="failFirst"/> calls fail with UNAVAILABLE.</summary>
    protected async Task<int> BackendAsync(string name, int failFirst = 0)
    {
        var backend = NodeProcess.Start("backend.js", null, "--port", "0", "--name", name, "--fail-first", failFirst.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _owned.Add(backend);
        return (int)(await backend.ReadEventAsync("listening", Wait))["port"]!;
    }

    /// <summary>Starts the server on <see cref="Dir"/> and a client of <paramref name="target"/> that has made one successful call.</summary>
    private protected async Task<(ServerProcess Server, NodeProcess Client)> StartAsync(string target = "echo.default.svc:50051")
    {
        var server = await ServerProcess.StartAsync(Dir, Wait);
        _owned.Add(server);
        var client = NodeProcess.Start("xds-client.js", null, "--xds-server", $"127.0.0.1:{server.XdsPort}", "--node-id", "manifest-e2e", "--target", target);
        _owned.Add(client);
        await client.ReadEventAsync("ready", Wait);
        return (server, client);
    }

    /// <summary>Stops <paramref name="owned"/> after the test, with everything else started here.</summary>
    private protected void Own(IAsyncDisposable owned) => _owned.Add(owned);

    protected Task WriteAsync(string file, string yaml) => File.WriteAllTextAsync(Path.Combine(Dir, file), yaml);

    private protected static async Task<JsonObject> CallAsync(NodeProcess client, int count, Dictionary<string, string>? metadata = null) =>
        await client.AskAsync(new { cmd = "call", count, deadlineMs = 3000, metadata = metadata ?? [] }, "result", Wait);

    protected static int Count(JsonObject result, string backend) => (int?)result["byBackend"]?[backend] ?? 0;

    private protected static async Task UntilAsync(Func<Task<bool>> condition, string awaiting, ServerProcess server)
    {
        using var cts = new CancellationTokenSource(Wait);
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

    /// <summary>Services echo, echo-v1, echo-v2 (port 50051) and one EndpointSlice per version.</summary>
    protected static string Services(int v1, int v2) => $"""
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
}
