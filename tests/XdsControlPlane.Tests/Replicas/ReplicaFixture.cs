using System.Text;
using Envoy.Service.Discovery.V3;
using Microsoft.Data.Sqlite;
using Npgsql;
using XdsControlPlane.Model;
using XdsControlPlane.Sources.Manifests;
using XdsControlPlane.Testing;
using XdsControlPlane.Tests.Policies;
using XdsControlPlane.Xds.Protocol;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Tests.Replicas;

/// <summary>
/// Replicas in process: each a real xDS server and the host's policy API, reconciler and store wiring
/// (<see cref="PolicyApiHost"/>), all sharing one database on a real PostgreSQL server that the fixture starts once.
/// They compile the bundled quickstart manifests. Proxies are ADS clients of the proxyless profile.
/// </summary>
public abstract class ReplicaFixture
{
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private readonly List<IAsyncDisposable> _owned = [];
    private PostgresServer _server = null!;
    private string _dir = null!;

    protected HttpClient Grpc { get; private set; } = null!;

    /// <summary>This test's shared database.</summary>
    protected string Database { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await PostgresServer.StartForTestsAsync(Assert.Ignore);

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [SetUp]
    public async Task CreateDatabase()
    {
        _dir = Directory.CreateTempSubdirectory("xds-replicas-").FullName;
        Database = await _server.CreateDatabaseAsync();
        Grpc = GrpcTestCall.CreateClient();
    }

    [TearDown]
    public async Task StopReplicas()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }

        _owned.Clear();
        Grpc.Dispose();
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private protected static ModelContext Quickstart() =>
        ManifestLoader.Load(EmbeddedDefault.FindQuickstart() ?? throw new InvalidOperationException("samples/quickstart/manifests not found"));

    /// <summary>Starts a replica named <paramref name="name"/> (its own data directory) on the shared database.</summary>
    private protected async Task<(PolicyApiHost Api, TestXdsServer Xds)> StartReplicaAsync(string name)
    {
        var xds = await TestXdsServer.StartAsync();
        var api = await PolicyApiHost.StartAsync(Directory.CreateDirectory(Path.Combine(_dir, name)).FullName, Quickstart(), database: Database, xds: xds);
        // Disposed in reverse: the API (and its store) before the xDS server.
        _owned.Add(xds);
        _owned.Add(api);
        return (api, xds);
    }

    /// <summary>A proxyless proxy subscribed to every cluster on <paramref name="xds"/>; returns it and the first response, ACKed.</summary>
    private protected async Task<(SotwTestStream Stream, DiscoveryResponse First)> ConnectProxyAsync(TestXdsServer xds, string nodeId)
    {
        var stream = await SotwTestStream.OpenAsync(Grpc, xds.Address, XdsServices.AggregatedSotw);
        _owned.Add(stream);
        await stream.RequestAsync(TypeUrls.Cluster, node: SotwTestStream.TestNode(nodeId, "proxyless"));
        var first = await stream.NextAsync($"{nodeId}'s first CDS response");
        await stream.RequestAsync(TypeUrls.Cluster, ackOf: first);
        return (stream, first);
    }

    private protected static async Task<HttpResponseMessage> PostPolicyAsync(PolicyApiHost replica, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        return await replica.Http.PostAsync(new Uri("api/v1/policies", UriKind.Relative), content);
    }

    /// <summary>Ring hash on echo-v1 (a backend of the quickstart routes): changes its cluster for every proxy.</summary>
    protected const string RingHashPolicy = """
        {"apiVersion": "xds.controlplane.io/v1alpha1", "kind": "XdsPolicy", "metadata": {"name": "sticky", "namespace": "default"},
         "spec": {"targetRef": {"kind": "Service", "name": "echo-v1"}, "loadBalancer": {"type": "RingHash", "hashOn": [{"header": "x-user"}]}}}
        """;
}
