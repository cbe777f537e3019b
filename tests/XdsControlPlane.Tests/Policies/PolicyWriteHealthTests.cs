using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace XdsControlPlane.Tests.Policies;

/// <summary>
/// Issue 10 D10: a locked or read-only policy database leaves the server ready (it still serves xDS with the last good
/// policies); the write path's health is reported on its own, in <c>/readyz</c>'s detail, as <c>xds_policy_store_up</c>
/// and in <c>/api/v1/errors</c>, and clears when writes work again.
/// </summary>
public sealed class PolicyWriteHealthTests : PolicyApiFixture
{
    private string Database => Path.Combine(Dir, "policies.db");

    private async Task<(HttpStatusCode Status, string? State, string? Reason)> ReadinessAsync()
    {
        using var response = await Server.Http.GetAsync("readyz");
        var store = (await JsonAsync(response))["checks"]!.AsArray().Single(c => (string?)c!["name"] == "policy-store")!;
        return (response.StatusCode, (string?)store["state"], (string?)store["reason"]);
    }

    private async Task<double?> StoreUpAsync()
    {
        var line = (await Server.Http.GetStringAsync("metrics")).Split('\n').SingleOrDefault(l => l.StartsWith("xds_policy_store_up", StringComparison.Ordinal));
        return line is null ? null : double.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture);
    }

    private async Task<string[]> StoreErrorsAsync()
    {
        var errors = JsonNode.Parse(await Server.Http.GetStringAsync("api/v1/errors"))!.AsArray();
        return [.. errors.Where(e => (string?)e!["kind"] == "PolicyStore").SelectMany(e => e!["errors"]!.AsArray().Select(x => (string)x!["reason"]!))];
    }

    // SQLite treats a file whose header "write version" byte is above 2 as read-only (it still reads it): a read-only
    // database even for root, who ignores file permissions.
    private void SetWriteVersion(byte version)
    {
        SqliteConnection.ClearAllPools();
        using var file = new FileStream(Database, FileMode.Open, FileAccess.ReadWrite);
        file.Position = 18;
        file.WriteByte(version);
    }

    [Test]
    public async Task LockedDatabase_StaysReady_ReportsTheWritePath_ThenRecovers()
    {
        (await CreateAsync(Policy("kept"))).Dispose();
        await UntilAsync(() => Server.Reconciler.Model?.Policies.Count == 1, "the first policy");
        var healthyBefore = (await ReadinessAsync(), await StoreUpAsync());

        using (var locker = new SqliteConnection($"Data Source={Database};Pooling=False"))
        {
            locker.Open();
            using (var begin = locker.CreateCommand())
            {
                begin.CommandText = "BEGIN EXCLUSIVE";
                begin.ExecuteNonQuery();
            }

            using var write = await CreateAsync(Policy("blocked"));
            var readiness = await ReadinessAsync();
            var up = await StoreUpAsync();
            await UntilAsync(() => Server.Reconciler.Errors.Any(e => e.Object.Kind == "PolicyStore"), "the fault in /api/v1/errors");
            var errors = await StoreErrorsAsync();

            Assert.Multiple(() =>
            {
                Assert.That(healthyBefore, Is.EqualTo(((HttpStatusCode.OK, (string?)"ok", (string?)null), (double?)1)));
                Assert.That(write.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
                Assert.That(readiness.Status, Is.EqualTo(HttpStatusCode.OK), "a replica that serves xDS stays in its Service");
                Assert.That(readiness.State, Is.EqualTo("degraded"));
                Assert.That(readiness.Reason, Does.Contain("locked"));
                Assert.That(up, Is.Zero);
                Assert.That(errors, Is.Not.Empty);
            });

            using var rollback = locker.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
        }

        await UntilAsync(() => Server.Store.Fault is null, "recovery");
        using var created = await CreateAsync(Policy("after"));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await ReadinessAsync(), await StoreUpAsync()), Is.EqualTo(((HttpStatusCode.OK, (string?)"ok", (string?)null), (double?)1)));
    }

    [Test]
    public async Task ReadOnlyDatabase_StaysReady_ReportsTheWritePath_UntilAWriteSucceeds()
    {
        (await CreateAsync(Policy("kept"))).Dispose();
        await UntilAsync(() => Server.Reconciler.Model?.Policies.Count == 1, "the first policy");
        SetWriteVersion(3);

        using var write = await CreateAsync(Policy("refused"));
        var body = await write.Content.ReadAsStringAsync();
        // The store's own fault (StoreUnavailable) while its recovery probe fails, or, once a probe that only reads
        // passes, the failed write (StoreWriteFailed): either way the write path shows as broken.
        await UntilAsync(() => Server.Reconciler.Errors.Any(e => e.Object.Kind == "PolicyStore"), "the write failure in /api/v1/errors");
        var readiness = await ReadinessAsync();
        var up = await StoreUpAsync();
        var errors = await StoreErrorsAsync();

        Assert.Multiple(() =>
        {
            Assert.That(write.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), body);
            Assert.That(body, Does.Contain("readonly"));
            Assert.That(readiness.Status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(readiness.State, Is.EqualTo("degraded"));
            Assert.That(readiness.Reason, Does.Contain("readonly"));
            Assert.That(up, Is.Zero);
            Assert.That(errors, Is.SubsetOf(new[] { "StoreUnavailable", "StoreWriteFailed" }).And.Not.Empty);
            Assert.That(Server.Reconciler.Model!.Policies.Select(p => p.Ref.Name), Is.EqualTo(new[] { "kept" }), "the last good policies are served");
        });

        SetWriteVersion(1);
        using var created = await CreateAsync(Policy("after"));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        await UntilAsync(() => !Server.Reconciler.Errors.Any(e => e.Object.Kind == "PolicyStore"), "the write failure to leave /api/v1/errors");
        Assert.That((await ReadinessAsync(), await StoreUpAsync()), Is.EqualTo(((HttpStatusCode.OK, (string?)"ok", (string?)null), (double?)1)));
    }

    [Test]
    public void AFailedWrite_WhileTheStoreReportsNoFault_IsReportedUntilAWriteSucceeds()
    {
        // A read-only file that the store's read-only recovery probe cannot see: only the refused write tells.
        using var health = new XdsControlPlane.Policies.PolicyWriteHealth(Server.Store, TimeProvider.System);
        var changes = 0;
        health.Changed += () => changes++;
        var model = Model.ModelContext.Empty;

        health.Failed("the policy store is unavailable: attempt to write a readonly database");
        var failing = (health.Problem?.Message, health.Annotate(model).SourceErrors.Select(e => (e.Object.Kind, e.Reason)).ToArray());
        health.Succeeded();

        Assert.That(Server.Store.Fault, Is.Null);
        Assert.That(failing, Is.EqualTo(("the policy store is unavailable: attempt to write a readonly database", new[] { ("PolicyStore", "StoreWriteFailed") })));
        Assert.That((health.Problem, health.Annotate(model), changes), Is.EqualTo(((Sources.Policies.PolicyStoreFault?)null, model, 2)));
    }
}
