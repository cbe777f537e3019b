using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using XdsControlPlane.Sources.Policies;
using XdsControlPlane.Testing;

namespace XdsControlPlane.Sources.Tests.Policies;

/// <summary>
/// A policy database per test with short timeouts, and helpers to wait for conditions. On SQLite (the default) a file in
/// a temporary directory; on PostgreSQL a fresh database on a real server that the fixture starts once for its tests.
/// </summary>
public abstract class StoreFixture(PolicyDatabaseProvider provider = PolicyDatabaseProvider.Sqlite)
{
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private PostgresServer? _server;

    protected PolicyDatabaseProvider Provider => provider;

    protected PostgresServer Server => _server ?? throw new InvalidOperationException("a SQLite fixture has no PostgreSQL server");

    protected string Dir { get; private set; } = null!;

    protected string DatabasePath => Path.Combine(Dir, "policies.db");

    /// <summary>What <c>--policy-db</c> would be: the SQLite path, or the PostgreSQL URI of this test's database.</summary>
    protected string Database { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        if (provider == PolicyDatabaseProvider.Postgres)
        {
            _server = await PostgresServer.StartForTestsAsync(Assert.Ignore);
        }
    }

    [OneTimeTearDown]
    public async Task StopServer()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [SetUp]
    public async Task CreateDatabase()
    {
        Dir = Directory.CreateTempSubdirectory("xds-policies-").FullName;
        Database = _server is null ? DatabasePath : await _server.CreateDatabaseAsync();
    }

    [TearDown]
    public void DeleteDirectory()
    {
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        Directory.Delete(Dir, recursive: true);
    }

    protected PolicyStoreOptions Options() => new()
    {
        DatabasePath = Database,
        BusyTimeout = TimeSpan.FromMilliseconds(100),
        PollInterval = TimeSpan.FromMilliseconds(100),
        RetryInitial = TimeSpan.FromMilliseconds(50),
        RetryMax = TimeSpan.FromMilliseconds(200),
    };

    protected async Task<PolicyStore> StartedStoreAsync()
    {
        var store = new PolicyStore(Options());
        await store.MigrateAsync();
        return store;
    }

    /// <summary>An XdsPolicy object in JSON targeting Service <paramref name="target"/>, with the given spec sections.</summary>
    protected static string Policy(string name, string sections = "\"retry\": {\"attempts\": 3, \"on\": [\"unavailable\"]}", string target = "echo") =>
        $$$"""{"apiVersion": "xds.controlplane.io/v1alpha1", "kind": "XdsPolicy", "metadata": {"name": "{{{name}}}", "namespace": "default"}, "spec": {"targetRef": {"kind": "Service", "name": "{{{target}}}"}, {{{sections}}}}}""";

    /// <summary>A connection of our own to the SQLite file, as another process would open one.</summary>
    protected SqliteConnection Connect()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>A connection of our own to this test's database on either engine, as another process would open one.</summary>
    protected DbConnection ConnectAny()
    {
        DbConnection connection = provider == PolicyDatabaseProvider.Sqlite
            ? new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString())
            : new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PolicyDatabase.Parse(Database).ConnectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        return connection;
    }

    protected static async Task UntilAsync(Func<bool> condition, string awaiting)
    {
        using var cts = new CancellationTokenSource(Wait);
        while (!condition())
        {
            try
            {
                await Task.Delay(20, cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"timed out after {Wait} waiting for {awaiting}");
            }
        }
    }

    protected static object? Scalar(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
