using Envoy.Config.Cluster.V3;
using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Ledger;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.EndToEnd.Tests;

/// <summary>
/// P30 with the real proxyless clients (@grpc/grpc-js-xds 1.14.1, gRPC C-core 1.51.1): a client dialing two targets
/// subscribes EDS to both clusters; an endpoint change of one is sent as that one ClusterLoadAssignment, and the client
/// must both use the new endpoint and keep the other cluster's, which the response left out.
/// </summary>
[NonParallelizable]
public sealed class SotwChangesEndToEndTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);
    private TestXdsServer _server = null!;
    private readonly List<IAsyncDisposable> _owned = [];

    [SetUp]
    public async Task SetUp() => _server = await TestXdsServer.StartAsync();

    [TearDown]
    public async Task TearDown()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }

        // NUnit runs every test case on this one instance: the next case must not dispose these again.
        _owned.Clear();
        await _server.DisposeAsync();
    }

    [TestCase("grpc-js")]
    [TestCase("grpc-core")]
    public async Task P30_AnEndpointChangeReachesTheClientAndTheLeftOutClusterKeepsItsEndpoints(string kind)
    {
        if (kind == "grpc-core" && CCore.Missing() is { } missing)
        {
            CCore.FailOrIgnore(missing);
        }

        var a = await BackendAsync("a1");
        var b = await BackendAsync("b1");
        _server.Publish([.. Target("alpha", a), .. Target("beta", b)]);
        var client = await MatrixClient.StartAsync(kind, _server.Server.Port, "alpha.e2e", s_wait);
        _owned.Add(client);
        Assert.That((bool)(await client.WaitOkAsync("alpha.e2e", s_wait))["ok"]!, Is.True, client.StderrTail);
        Assert.That((bool)(await client.WaitOkAsync("beta.e2e", s_wait))["ok"]!, Is.True, client.StderrTail);
        await UntilSyncedAsync(client.NodeId, "both clusters' endpoints ACKed");

        // beta moves to a new backend: one ClusterLoadAssignment changes, so the response carries that one alone.
        var b2 = await BackendAsync("b2");
        _server.Publish([.. Target("alpha", a), .. Target("beta", b2)]);
        var eds = await UntilSyncedAsync(client.NodeId, "the client to ACK beta's new endpoints");
        Assert.That(eds.LastSent!.Resources?.Select(r => r.Name), Is.EqualTo(new[] { "beta-cluster" }), "only the changed ClusterLoadAssignment is sent (P30)");
        Assert.That(eds.Nacks, Is.Zero);

        // The ACK may come before the balancer has moved its picks; give it a few seconds (bounded).
        var beta = await client.CallAsync("beta.e2e", 5);
        for (var tries = 0; tries < 20 && beta["byBackend"]!.AsObject().Any(p => p.Key != "b2"); tries++)
        {
            await Task.Delay(250);
            beta = await client.CallAsync("beta.e2e", 5);
        }

        TestContext.Out.WriteLine($"{kind}: beta after the change: {beta.ToJsonString()}");
        Assert.That((int)beta["ok"]!, Is.EqualTo(5), beta.ToJsonString());
        Assert.That(beta["byBackend"]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "b2" }), "the new endpoint is used");
        var alpha = await client.CallAsync("alpha.e2e", 5);
        Assert.That((int)alpha["ok"]!, Is.EqualTo(5), $"alpha's endpoints, left out of the response, must stay: {alpha.ToJsonString()}");
        Assert.That(alpha["byBackend"]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "a1" }));
    }

    private async Task<int> BackendAsync(string name)
    {
        var backend = NodeProcess.Start("backend.js", null, "--port", "0", "--name", name);
        _owned.Add(backend);
        return (int)(await backend.ReadEventAsync("listening", s_wait))["port"]!;
    }

    /// <summary>Target <c>&lt;name&gt;.e2e</c>: API listener → route → EDS cluster → one backend.</summary>
    private static IEnumerable<XdsResource> Target(string name, int port) =>
    [
        XdsResource.Create(Resources.ApiListener(name + ".e2e", name + "-route")),
        XdsResource.Create(Resources.Route(name + "-route", name + "-cluster")),
        XdsResource.Create(Resources.Cluster(name + "-cluster", Cluster.Types.LbPolicy.RoundRobin)),
        XdsResource.Create(Resources.Endpoints(name + "-cluster", ("127.0.0.1", port))),
    ];

    private async Task<TypeStatus> UntilSyncedAsync(string nodeId, string awaiting)
    {
        var expected = _server.Store.Get("default")![TypeUrls.ClusterLoadAssignment].Version;
        using var timeout = new CancellationTokenSource(s_wait);
        while (true)
        {
            var status = _server.Ledger.Find(nodeId).FirstOrDefault()?.Types.GetValueOrDefault(TypeUrls.ClusterLoadAssignment);
            if (status is { State: SyncState.Synced } && status.LastAck!.Version == expected)
            {
                return status;
            }

            try
            {
                await Task.Delay(50, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"timed out waiting for {awaiting}; last: {status}");
            }
        }
    }
}
