using XdsControlPlane.Model;
using XdsControlPlane.Sources.Kubernetes;
using XdsControlPlane.Sources.Kubernetes.Api;
using XdsControlPlane.Sources.Kubernetes.Status;
using XdsControlPlane.Testing.Kubernetes;

namespace XdsControlPlane.Sources.Tests.Kubernetes;

/// <summary>
/// Two replicas (two Kubernetes sources, each with its own token) on one simulated API server: only the Lease
/// holder patches status, and when it stops, the other takes over.
/// </summary>
public sealed class StatusLeadershipTests
{
    private static readonly TimeSpan _wait = TimeSpan.FromSeconds(15);
    private SimulatedApiServer _server = null!;

    [SetUp]
    public async Task StartServer()
    {
        _server = await SimulatedApiServer.StartAsync();
        _server.Apply(KubeObjects.HttpRoute("web", "gw", "web", 80));
    }

    [TearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [Test]
    public async Task SimulatedServer_TwoReplicas_OnlyTheLeaseHolderWritesStatus_AndTheOtherTakesOverWhenItStops()
    {
        using var clientA = Client("token-a");
        using var clientB = Client("token-b");
        await using var a = Replica(clientA, "a");
        await using var b = Replica(clientB, "b");
        await Task.WhenAll(a.StartAsync(), b.StartAsync()).WaitAsync(_wait);

        Report([a, b], "first");
        var first = await _server.WaitForRequestAsync(r => r.Method == "PATCH", "the first status patch", _wait);
        Report([a, b], "second");
        await _server.WaitForRequestAsync(r => r.Method == "PATCH" && r.Body.Contains("second", StringComparison.Ordinal), "the second status patch", _wait);

        var (leader, follower, followerToken) = first.Authorization == "Bearer token-a" ? (a, b, "Bearer token-b") : (b, a, "Bearer token-a");
        Assert.That(_server.Requests.Where(r => r.Method == "PATCH").Select(r => r.Authorization), Is.All.EqualTo(first.Authorization));
        Assert.That((leader.IsLeader, follower.IsLeader), Is.EqualTo((true, false)));

        await leader.DisposeAsync(); // disposing twice (again at the end) is harmless
        Report([follower], "third");
        var takenOver = await _server.WaitForRequestAsync(r => r.Method == "PATCH" && r.Body.Contains("third", StringComparison.Ordinal), "a patch by the new leader", _wait);

        Assert.That(takenOver.Authorization, Is.EqualTo(followerToken));
    }

    private static void Report(IEnumerable<KubernetesSource> replicas, string message)
    {
        var status = new ObjectStatus(new ObjectRef("HTTPRoute", "default", "web"), 1, new ParentRef("Gateway", "default", "gw", null, null),
            [new StatusCondition("Accepted", true, "Accepted", message), new StatusCondition("ResolvedRefs", true, "ResolvedRefs", message)]);
        foreach (var replica in replicas)
        {
            replica.ReportStatus([status], []);
        }
    }

    private KubernetesApi Client(string token) => SimulatedCluster.Api(_server, token);

    private static KubernetesSource Replica(IKubernetesApi api, string identity) => new(api, new KubernetesSourceOptions
    {
        Identity = identity,
        LeaseNamespace = "xds",
        LeaseDuration = TimeSpan.FromSeconds(2),
        RetryPeriod = TimeSpan.FromMilliseconds(50),
        InitialBackoff = TimeSpan.FromMilliseconds(10),
    }, TimeProvider.System, null);
}
