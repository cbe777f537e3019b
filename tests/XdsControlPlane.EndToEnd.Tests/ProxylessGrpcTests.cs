using System.Text.Json.Nodes;
using Envoy.Config.Cluster.V3;
using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Ledger;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.EndToEnd.Tests;

/// <summary>
/// The real @grpc/grpc-js-xds client (Node, pinned in protos/) against the real xDS server on loopback, calling
/// real gRPC backends. Calls can only succeed through the listener, route, cluster and endpoints the server pushed.
/// </summary>
[NonParallelizable]
public sealed class ProxylessGrpcTests
{
    private const string Target = "echo.e2e.svc";
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);

    private TestXdsServer _server = null!;
    private readonly List<NodeProcess> _processes = [];

    [SetUp]
    public async Task SetUp() => _server = await TestXdsServer.StartAsync();

    [TearDown]
    public async Task TearDown()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        await _server.DisposeAsync();
    }

    private async Task<int> StartBackendAsync(string name)
    {
        var backend = NodeProcess.Start("backend.js", null, "--port", "0", "--name", name);
        _processes.Add(backend);
        var listening = await backend.ReadEventAsync("listening", s_wait);
        return (int)listening["port"]!;
    }

    private async Task<NodeProcess> StartClientAsync(string nodeId)
    {
        var client = NodeProcess.Start("xds-client.js", null,
            "--xds-server", $"127.0.0.1:{_server.Server.Port}", "--node-id", nodeId, "--target", Target);
        _processes.Add(client);
        await client.ReadEventAsync("ready", s_wait);
        return client;
    }

    /// <summary>What a proxyless client of <see cref="Target"/> needs: API listener → RDS → EDS cluster → endpoints.</summary>
    private static IEnumerable<XdsResource> Echo(Cluster.Types.LbPolicy lbPolicy, params int[] backendPorts) =>
    [
        XdsResource.Create(Resources.ApiListener(Target, "echo-route")),
        XdsResource.Create(Resources.Route("echo-route", "echo-cluster")),
        XdsResource.Create(Resources.Cluster("echo-cluster", lbPolicy)),
        XdsResource.Create(Resources.Endpoints("echo-cluster", backendPorts.Select(p => ("127.0.0.1", p)).ToArray())),
    ];

    private static async Task<TypeStatus> UntilAsync(Func<TypeStatus?> read, Func<TypeStatus, bool> condition, string awaiting)
    {
        using var cts = new CancellationTokenSource(s_wait);
        while (true)
        {
            if (read() is { } status && condition(status))
            {
                return status;
            }

            try
            {
                await Task.Delay(50, cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"timed out after {s_wait} waiting for {awaiting}; last: {read()}");
            }
        }
    }

    private TypeStatus? Cds(string nodeId) =>
        _server.Ledger.Find(nodeId).FirstOrDefault()?.Types.GetValueOrDefault(TypeUrls.Cluster);

    private static async Task<JsonObject> CallAsync(NodeProcess client, int count) =>
        await client.AskAsync(new { cmd = "call", count, deadlineMs = 3000 }, "result", s_wait);

    [Test]
    public async Task RealGrpcClient_RoutesThroughPushedConfig_SurvivesANackAndAcksTheNextGoodSnapshot()
    {
        var b1 = await StartBackendAsync("b1");
        _server.Publish(Echo(Cluster.Types.LbPolicy.RoundRobin, b1));
        var client = await StartClientAsync("e2e-node");

        var ready = await client.AskAsync(new { cmd = "waitOk", timeoutMs = 20000 }, "waitOk", s_wait);
        Assert.That((bool)ready["ok"]!, Is.True, $"first call through xDS config failed: {ready}");
        var first = await CallAsync(client, 10);
        Assert.That((int)first["ok"]!, Is.EqualTo(10), first.ToJsonString());
        Assert.That((int)first["byBackend"]!["b1"]!, Is.EqualTo(10));
        var good = await UntilAsync(() => Cds("e2e-node"), s => s.State == SyncState.Synced, "the client to ACK CDS");

        // MAGLEV is valid Envoy config but grpc-js-xds rejects it: the client NACKs with its own message.
        _server.Publish(Echo(Cluster.Types.LbPolicy.Maglev, b1));
        var nacked = await UntilAsync(() => Cds("e2e-node"), s => s.State == SyncState.Error, "the client to NACK the MAGLEV cluster");
        Assert.That(nacked.LastNack!.RejectedVersion, Is.EqualTo(_server.Store.Get("default")![TypeUrls.Cluster].Version));
        Assert.That(nacked.LastNack.Message, Does.Contain("unsupported lb_policy: MAGLEV"), "the ledger keeps the client's own message");
        Assert.That(nacked.LastNack.Code, Is.EqualTo(14), "grpc-js-xds reports NACKs with code UNAVAILABLE");
        Assert.That(nacked.LastAck!.Version, Is.EqualTo(good.LastAck!.Version), "the client stays on what it accepted");
        TestContext.Out.WriteLine($"client NACK: {nacked.LastNack.Message}");

        var during = await CallAsync(client, 5);
        Assert.That((int)during["ok"]!, Is.EqualTo(5), $"RPCs keep working on the last good config: {during}");

        // The next good snapshot (a second backend, ring hash) is ACKed and used.
        var b2 = await StartBackendAsync("b2");
        _server.Publish(Echo(Cluster.Types.LbPolicy.RoundRobin, b1, b2));
        var expected = _server.Store.Get("default")![TypeUrls.Cluster].Version;
        var recovered = await UntilAsync(() => Cds("e2e-node"), s => s.State == SyncState.Synced && s.LastAck!.Version == expected,
            "the client to ACK the next good CDS version");
        Assert.That(recovered.Nacks, Is.EqualTo(1));
        await UntilAsync(() => _server.Ledger.Find("e2e-node").First().Types.GetValueOrDefault(TypeUrls.ClusterLoadAssignment),
            s => s.State == SyncState.Synced && s.LastAck!.Version == _server.Store.Get("default")![TypeUrls.ClusterLoadAssignment].Version,
            "the client to ACK the endpoints with b2");

        var after = await CallAsync(client, 20);
        Assert.That((int)after["ok"]!, Is.EqualTo(20), after.ToJsonString());
        Assert.That(after["byBackend"]!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "b1", "b2" }), "round robin reaches the new backend");
    }
}
