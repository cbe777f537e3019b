using Microsoft.Data.Sqlite;
using XdsControlPlane.Sources.Policies;

namespace XdsControlPlane.Sources.Tests.Policies;

/// <summary>A temporary directory per test for policy databases, short timeouts, and helpers to wait for conditions.</summary>
public abstract class StoreFixture
{
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    protected string Dir { get; private set; } = null!;

    protected string DatabasePath => Path.Combine(Dir, "policies.db");

    [SetUp]
    public void CreateDirectory() => Dir = Directory.CreateTempSubdirectory("xds-policies-").FullName;

    [TearDown]
    public void DeleteDirectory()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Dir, recursive: true);
    }

    protected PolicyStoreOptions Options() => new()
    {
        DatabasePath = DatabasePath,
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

    /// <summary>A connection of our own, as another process would open one.</summary>
    protected SqliteConnection Connect()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
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

    protected static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
