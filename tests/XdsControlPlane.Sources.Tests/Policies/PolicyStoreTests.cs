using System.Globalization;
using Microsoft.EntityFrameworkCore;
using XdsControlPlane.Sources.Policies;

namespace XdsControlPlane.Sources.Tests.Policies;

/// <summary>The policy store on both engines: schema, validation, revisions, concurrency, history, persistence.</summary>
[TestFixture(PolicyDatabaseProvider.Sqlite)]
[TestFixture(PolicyDatabaseProvider.Postgres)]
public sealed class PolicyStoreTests(PolicyDatabaseProvider provider) : StoreFixture(provider)
{
    [Test]
    public async Task AFreshDatabase_IsCreatedAtTheLatestSchema()
    {
        await StartedStoreAsync();

        using var connection = ConnectAny();
        Assert.Multiple(() =>
        {
            if (Provider == PolicyDatabaseProvider.Sqlite)
            {
                Assert.That(Scalar(connection, "PRAGMA journal_mode"), Is.EqualTo("wal"));
                Assert.That(Scalar(connection, "SELECT group_concat(MigrationId, ' ') FROM (SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId)"),
                    Is.EqualTo("20261122000001_InitialSchema 20261122000002_AuditTrail"));
            }
            else
            {
                Assert.That(Scalar(connection, "SELECT string_agg(\"MigrationId\", ' ' ORDER BY \"MigrationId\") FROM \"__EFMigrationsHistory\""),
                    Is.EqualTo("20261207000001_PostgresSchema"));
            }

            Assert.That(Convert.ToInt32(Scalar(connection, "SELECT count(*) FROM \"Policies\""), CultureInfo.InvariantCulture)
                + Convert.ToInt32(Scalar(connection, "SELECT count(*) FROM \"PolicyAudit\""), CultureInfo.InvariantCulture), Is.Zero, "both tables exist, empty");
        });
    }

    [Test]
    public async Task TheMigratedSchema_HasEveryTableAndColumnTheModelMaps()
    {
        // The migrations are hand-written without a model snapshot: this is what keeps them and the entities in step.
        var store = await StartedStoreAsync();
        await using PolicyDbContext db = Provider == PolicyDatabaseProvider.Sqlite
            ? new PolicyDbContext(new DbContextOptionsBuilder<PolicyDbContext>().UseSqlite($"Data Source={DatabasePath};Pooling=False").Options)
            : new PostgresPolicyDbContext(new DbContextOptionsBuilder<PostgresPolicyDbContext>().UseNpgsql(store.Database.ConnectionString).Options);
        using var connection = ConnectAny();

        foreach (var entity in db.Model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            using var command = connection.CreateCommand();
            command.CommandText = Provider == PolicyDatabaseProvider.Sqlite
                ? $"SELECT name, \"notnull\" FROM pragma_table_info('{table}')"
                : $"SELECT column_name::text, is_nullable = 'NO' FROM information_schema.columns WHERE table_name = '{table}'";
            var columns = new Dictionary<string, bool>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    columns[reader.GetString(0)] = reader.GetBoolean(1);
                }
            }

            foreach (var property in entity.GetProperties())
            {
                var column = property.GetColumnName();
                Assert.That(columns, Does.ContainKey(column), $"{table}.{column}");
                Assert.That(columns[column], Is.EqualTo(!property.IsNullable), $"{table}.{column} NOT NULL");
            }
        }
    }

    [Test]
    public async Task Create_StoresRevisionOne_AndGetReturnsTheSpecAsSent()
    {
        var store = await StartedStoreAsync();

        var result = await store.CreateAsync(Policy("retry"), actor: "alice");
        var stored = await store.GetAsync("default", "retry");

        Assert.That(result.Status, Is.EqualTo(PolicyWriteStatus.Created));
        Assert.That(stored, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(stored!.Revision, Is.EqualTo(1));
            Assert.That(stored.CreatedBy, Is.EqualTo("alice"));
            Assert.That(stored.Spec, Is.EqualTo("""{"targetRef":{"kind":"Service","name":"echo"},"retry":{"attempts":3,"on":["unavailable"]}}"""));
        });
    }

    [Test]
    public async Task AnInvalidPolicy_IsRefusedWithEveryFieldError_AndNothingIsStored()
    {
        var store = await StartedStoreAsync();

        var result = await store.CreateAsync(Policy("bad", "\"retry\": {\"attempts\": 0, \"perTryTimeout\": \"soon\"}, \"timeuot\": {}"), actor: null);

        Assert.That(result.Status, Is.EqualTo(PolicyWriteStatus.Invalid));
        Assert.That(result.Errors.Select(e => e.Field), Is.SupersetOf(new[] { "spec.retry.perTryTimeout", "spec.timeuot" }));
        Assert.That(result.Errors.Single(e => e.Field == "spec.timeuot").Message, Does.Contain("did you mean 'timeout'"));
        Assert.That(await store.ListAsync(), Is.Empty);
    }

    [Test]
    public async Task RangeErrorsFromTheValidators_AreAllReported()
    {
        var store = await StartedStoreAsync();

        var result = await store.CreateAsync(Policy("bad", "\"retry\": {\"attempts\": 0}, \"fault\": {\"abort\": {\"percent\": 200, \"grpcStatus\": 99}}"), actor: null);

        Assert.That(result.Status, Is.EqualTo(PolicyWriteStatus.Invalid));
        Assert.That(result.Errors.Select(e => e.Field), Is.SupersetOf(new[] { "spec.retry.attempts", "spec.fault.abort.percent", "spec.fault.abort.grpcStatus" }),
            string.Join("\n", result.Errors));
    }

    [Test]
    public async Task Replace_WithTheCurrentRevision_BumpsIt_AndAStaleRevisionIsAConflict()
    {
        var store = await StartedStoreAsync();
        await store.CreateAsync(Policy("p"), actor: null);

        var replaced = await store.ReplaceAsync("default", "p", Policy("p", "\"timeout\": {\"request\": \"2s\"}"), expectedRevision: 1, actor: "bob");
        var stale = await store.ReplaceAsync("default", "p", Policy("p", "\"timeout\": {\"request\": \"3s\"}"), expectedRevision: 1, actor: "carol");

        Assert.That(replaced.Status, Is.EqualTo(PolicyWriteStatus.Replaced));
        Assert.That(replaced.Policy!.Revision, Is.EqualTo(2));
        Assert.That(replaced.Policy.UpdatedBy, Is.EqualTo("bob"));
        Assert.That(stale.Status, Is.EqualTo(PolicyWriteStatus.Conflict));
        Assert.That(stale.Message, Does.Contain("it is at revision 2"));
        Assert.That((await store.GetAsync("default", "p"))!.Spec, Does.Contain("2s"));
    }

    [Test]
    public async Task ReplacingWithTheSameSpec_ChangesNothing()
    {
        var store = await StartedStoreAsync();
        await store.CreateAsync(Policy("p"), actor: null);

        var result = await store.ReplaceAsync("default", "p", Policy("p"), expectedRevision: 1, actor: null);

        Assert.That(result.Status, Is.EqualTo(PolicyWriteStatus.Unchanged));
        Assert.That(await store.HistoryAsync("default", "p"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ConcurrentWritersWithTheSameRevision_OneWins_TheOtherGetsAConflict()
    {
        await StartedStoreAsync();
        var (first, second) = (new PolicyStore(Options()), new PolicyStore(Options()));
        await first.CreateAsync(Policy("p"), actor: null);

        var results = await Task.WhenAll(
            first.ReplaceAsync("default", "p", Policy("p", "\"timeout\": {\"request\": \"2s\"}"), 1, "a"),
            second.ReplaceAsync("default", "p", Policy("p", "\"timeout\": {\"request\": \"3s\"}"), 1, "b"));

        Assert.That(results.Select(r => r.Status), Is.EquivalentTo(new[] { PolicyWriteStatus.Replaced, PolicyWriteStatus.Conflict }));
        Assert.That((await first.GetAsync("default", "p"))!.Revision, Is.EqualTo(2));
    }

    [Test]
    public async Task CreatingAnExistingPolicy_IsAConflict()
    {
        var store = await StartedStoreAsync();
        await store.CreateAsync(Policy("p"), actor: null);

        var again = await store.CreateAsync(Policy("p"), actor: null);

        Assert.That(again.Status, Is.EqualTo(PolicyWriteStatus.Conflict));
    }

    [Test]
    public async Task Delete_KeepsTheHistory_AndARecreatedPolicyContinuesItsRevisions()
    {
        var store = await StartedStoreAsync();
        await store.CreateAsync(Policy("p"), actor: "alice");

        var stale = await store.DeleteAsync("default", "p", expectedRevision: 7, actor: "bob");
        var deleted = await store.DeleteAsync("default", "p", expectedRevision: 1, actor: "bob");
        var missing = await store.DeleteAsync("default", "p", expectedRevision: null, actor: "bob");
        var recreated = await store.CreateAsync(Policy("p"), actor: "carol");

        Assert.That(new[] { stale.Status, deleted.Status, missing.Status }, Is.EqualTo(new[] { PolicyWriteStatus.Conflict, PolicyWriteStatus.Deleted, PolicyWriteStatus.NotFound }));
        Assert.That(recreated.Policy!.Revision, Is.EqualTo(3), "an ETag of the deleted policy cannot match the new one");
        var history = await store.HistoryAsync("default", "p");
        Assert.That(history.Select(h => (h.Revision, h.Action, h.Actor)), Is.EqualTo(new[] { (1L, "Created", "alice"), (2L, "Deleted", "bob"), (3L, "Created", "carol") }));
        Assert.That(history[1].Spec, Is.Null);
    }

    [Test]
    public async Task List_FiltersBySectionAndTarget()
    {
        var store = await StartedStoreAsync();
        await store.CreateAsync(Policy("a"), actor: null);
        await store.CreateAsync(Policy("b", "\"timeout\": {\"request\": \"1s\"}"), actor: null);
        await store.CreateAsync(Policy("c", "\"timeout\": {\"request\": \"1s\"}", target: "other"), actor: null);

        Assert.Multiple(async () =>
        {
            Assert.That((await store.ListAsync()).Select(p => p.Name), Is.EqualTo(new[] { "a", "b", "c" }));
            Assert.That((await store.ListAsync(new PolicyQuery(Section: "timeout"))).Select(p => p.Name), Is.EqualTo(new[] { "b", "c" }));
            Assert.That((await store.ListAsync(new PolicyQuery(Section: "time"))).Select(p => p.Name), Is.Empty, "a section matches whole");
            Assert.That((await store.ListAsync(new PolicyQuery(TargetKind: "Service", TargetName: "echo", TargetNamespace: "default"))).Select(p => p.Name),
                Is.EqualTo(new[] { "a", "b" }));
        });
    }

    [Test]
    public async Task EveryAcceptedChange_SurvivesARestart()
    {
        var store = await StartedStoreAsync();
        await store.CreateAsync(Policy("kept"), actor: null);
        await store.CreateAsync(Policy("replaced"), actor: null);
        await store.ReplaceAsync("default", "replaced", Policy("replaced", "\"timeout\": {\"request\": \"9s\"}"), 1, actor: null);
        await store.CreateAsync(Policy("deleted"), actor: null);
        await store.DeleteAsync("default", "deleted", null, actor: null);

        var restarted = new PolicyStore(Options());
        await using var source = new PolicyStoreSource(restarted);
        var model = await source.StartAsync();

        Assert.That(model.Policies.Select(p => (p.Ref.Name, p.Generation)), Is.EqualTo(new[] { ("kept", 1L), ("replaced", 2L) }));
        Assert.That(model.Policies[1].Spec.Timeout!.Request, Is.EqualTo(TimeSpan.FromSeconds(9)));
        Assert.That(model.SourceErrors, Is.Empty);
    }
}
