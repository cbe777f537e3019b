using Microsoft.Extensions.Logging.Abstractions;
using XdsControlPlane.Sources.Kubernetes.Api;
using XdsControlPlane.Sources.Kubernetes.Status;
using XdsControlPlane.Testing;
using XdsControlPlane.Testing.Kubernetes;

namespace XdsControlPlane.Sources.Tests.Kubernetes.Status;

/// <summary>
/// Leader election on a Lease in the simulated API server, stepped by hand (<see cref="LeaderElector.TryAcquireOrRenewAsync"/>)
/// with one manual clock per replica.
/// </summary>
public sealed class LeaderElectorTests
{
    private static readonly TimeSpan _duration = TimeSpan.FromSeconds(15);
    private SimulatedApiServer _server = null!;
    private KubernetesApi _client = null!;

    [SetUp]
    public async Task Start()
    {
        _server = await SimulatedApiServer.StartAsync();
        _client = SimulatedCluster.Api(_server);
    }

    [TearDown]
    public async Task Stop()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task SimulatedServer_FirstReplica_CreatesTheLeaseAndLeads_ThenRenewsIt()
    {
        var clock = new ManualClock();
        await using var a = Elector("a", clock);
        var changes = new List<bool>();
        a.LeadershipChanged += changes.Add;

        Assert.That(await a.TryAcquireOrRenewAsync(CancellationToken.None), Is.True);
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.That(await a.TryAcquireOrRenewAsync(CancellationToken.None), Is.True);

        var lease = _server.Get("coordination.k8s.io/v1", "Lease", "xds", "leader")!["spec"]!;
        Assert.That(((string?)lease["holderIdentity"], (int?)lease["leaseDurationSeconds"], (int?)lease["leaseTransitions"]), Is.EqualTo(("a", 15, 0)));
        Assert.That((string?)lease["renewTime"], Is.EqualTo("2026-01-01T00:00:02.000000Z"));
        Assert.That((string?)lease["acquireTime"], Is.EqualTo("2026-01-01T00:00:00.000000Z"));
        Assert.That(_server.Requests.Where(r => r.Path.Contains("/leases", StringComparison.Ordinal)).Select(r => r.Method), Is.EqualTo(new[] { "GET", "POST", "GET", "PUT" }));
        Assert.That(changes, Is.EqualTo(new[] { true }));
    }

    [Test]
    public async Task SimulatedServer_SecondReplica_WaitsWhileTheLeaderRenews_AndTakesOverOnceTheLeaseExpires()
    {
        var (clockA, clockB) = (new ManualClock(), new ManualClock());
        await using var a = Elector("a", clockA);
        await using var b = Elector("b", clockB);
        await a.TryAcquireOrRenewAsync(CancellationToken.None);

        for (var i = 0; i < 10; i++)
        {
            Assert.That(await b.TryAcquireOrRenewAsync(CancellationToken.None), Is.False, $"round {i}: a still renews");
            clockA.Advance(TimeSpan.FromSeconds(5));
            clockB.Advance(TimeSpan.FromSeconds(5));
            await a.TryAcquireOrRenewAsync(CancellationToken.None);
        }

        // a stops renewing: b sees the same Lease for a full duration, then takes it.
        Assert.That(await b.TryAcquireOrRenewAsync(CancellationToken.None), Is.False);
        clockB.Advance(_duration - TimeSpan.FromSeconds(1));
        Assert.That(await b.TryAcquireOrRenewAsync(CancellationToken.None), Is.False, "not before the lease duration");
        clockB.Advance(TimeSpan.FromSeconds(1));
        Assert.That(await b.TryAcquireOrRenewAsync(CancellationToken.None), Is.True);

        Assert.That(await a.TryAcquireOrRenewAsync(CancellationToken.None), Is.False, "a finds b holding a fresh lease");
        Assert.That((a.IsLeader, b.IsLeader), Is.EqualTo((false, true)));
        var lease = _server.Get("coordination.k8s.io/v1", "Lease", "xds", "leader")!["spec"]!;
        Assert.That(((string?)lease["holderIdentity"], (int?)lease["leaseTransitions"]), Is.EqualTo(("b", 1)));
    }

    [Test]
    public async Task SimulatedServer_OfTwoReplicasRacingForAnExpiredLease_TheStaleWriterGets409AndFollows()
    {
        var now = new ManualClock();
        await using var old = Elector("old", now);
        await old.TryAcquireOrRenewAsync(CancellationToken.None);
        var stale = await _client.GetLeaseAsync("xds", "leader", CancellationToken.None);
        var (clockB, clockC) = (new ManualClock(), new ManualClock());
        await using var b = Elector("b", clockB);
        await using var c = Elector("c", clockC, new StaleLeaseReads(_client, stale!));
        await b.TryAcquireOrRenewAsync(CancellationToken.None);
        await c.TryAcquireOrRenewAsync(CancellationToken.None);
        clockB.Advance(_duration);
        clockC.Advance(_duration);

        Assert.That(await b.TryAcquireOrRenewAsync(CancellationToken.None), Is.True);
        Assert.That(await c.TryAcquireOrRenewAsync(CancellationToken.None), Is.False, "c read the Lease before b wrote it");

        Assert.That(_server.Requests.Count(r => r.Method == "PUT"), Is.EqualTo(2));
        Assert.That((string?)_server.Get("coordination.k8s.io/v1", "Lease", "xds", "leader")!["spec"]!["holderIdentity"], Is.EqualTo("b"));
    }

    [Test]
    public async Task SimulatedServer_ALeaderThatStops_ReleasesTheLease_SoAnotherTakesOverAtOnce()
    {
        var clock = new ManualClock();
        var a = Elector("a", clock);
        await a.TryAcquireOrRenewAsync(CancellationToken.None);
        await using var b = Elector("b", clock);
        Assert.That(await b.TryAcquireOrRenewAsync(CancellationToken.None), Is.False);

        await a.DisposeAsync();

        Assert.That(await b.TryAcquireOrRenewAsync(CancellationToken.None), Is.True, "no wait for the lease duration");
    }

    private LeaderElector Elector(string identity, TimeProvider clock, IKubernetesApi? api = null) =>
        new(api ?? _client, "xds", "leader", identity, _duration, TimeSpan.FromSeconds(2), clock, NullLogger.Instance);

    // Answers every Lease read with an old copy, as a replica whose read raced another replica's write would see it.
    private sealed class StaleLeaseReads(IKubernetesApi inner, Lease stale) : IKubernetesApi
    {
        public Task<ObjectList> ListAsync(ResourceType type, ListRequest request, CancellationToken cancellationToken) => inner.ListAsync(type, request, cancellationToken);

        public IAsyncEnumerable<WatchEvent> WatchAsync(ResourceType type, ListRequest request, CancellationToken cancellationToken) => inner.WatchAsync(type, request, cancellationToken);

        public Task<System.Text.Json.JsonElement?> GetAsync(ResourceType type, string? ns, string name, CancellationToken cancellationToken) => inner.GetAsync(type, ns, name, cancellationToken);

        public Task PatchStatusAsync(ResourceType type, string ns, string name, System.Text.Json.Nodes.JsonObject patch, CancellationToken cancellationToken) =>
            inner.PatchStatusAsync(type, ns, name, patch, cancellationToken);

        public Task<Lease?> GetLeaseAsync(string ns, string name, CancellationToken cancellationToken) => Task.FromResult<Lease?>(stale);

        public Task<Lease> CreateLeaseAsync(Lease lease, CancellationToken cancellationToken) => inner.CreateLeaseAsync(lease, cancellationToken);

        public Task<Lease> UpdateLeaseAsync(Lease lease, CancellationToken cancellationToken) => inner.UpdateLeaseAsync(lease, cancellationToken);
    }
}
