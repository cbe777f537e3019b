using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using XdsControlPlane.Sources.Policies;
using XdsControlPlane.Sources.Policies.Migrations;

namespace XdsControlPlane.Sources.Tests.Policies;

/// <summary>A database written by schema v1 (no audit trail, no actors) is upgraded in place at start-up.</summary>
public sealed class PolicyMigrationTests : StoreFixture
{
    [Test]
    public async Task AVersionOneDatabase_KeepsItsPolicies_AndGainsTheAuditTrail()
    {
        var options = new DbContextOptionsBuilder<PolicyDbContext>()
            .UseSqlite($"Data Source={DatabasePath};Pooling=False")
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning))
            .Options;
        await using (var v1 = new PolicyDbContext(options))
        {
            await v1.GetService<IMigrator>().MigrateAsync(InitialSchema.Id);
        }

        using (var connection = Connect())
        {
            Scalar(connection, """
                INSERT INTO Policies (Namespace, Name, TargetKind, TargetNamespace, TargetName, TargetSection, Sections, Spec, Revision, CreatedAt, UpdatedAt)
                VALUES ('default', 'old', 'Service', 'default', 'echo', NULL, ',timeout,',
                        '{"targetRef":{"kind":"Service","name":"echo"},"timeout":{"request":"4s"}}', 3,
                        '2026-01-01 00:00:00+00:00', '2026-02-01 00:00:00+00:00')
                """);
            Assert.That(Scalar(connection, "SELECT count(*) FROM sqlite_master WHERE name = 'PolicyAudit'"), Is.Zero, "v1 has no audit table");
        }

        var store = new PolicyStore(Options());
        await using var source = new PolicyStoreSource(store);
        var model = await source.StartAsync();

        var old = await store.GetAsync("default", "old");
        Assert.Multiple(async () =>
        {
            Assert.That(old, Is.Not.Null);
            Assert.That(old!.Revision, Is.EqualTo(3));
            Assert.That(old.CreatedBy, Is.Null);
            Assert.That(old.UpdatedAt, Is.EqualTo(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero)));
            Assert.That((await store.HistoryAsync("default", "old")).Select(h => (h.Revision, h.Action)), Is.EqualTo(new[] { (3L, "Imported") }));
            Assert.That(model.Policies.Single().Spec.Timeout!.Request, Is.EqualTo(TimeSpan.FromSeconds(4)));
        });

        var replaced = await store.ReplaceAsync("default", "old", Policy("old", "\"timeout\": {\"request\": \"5s\"}"), 3, actor: "dana");
        Assert.That(replaced.Policy, Has.Property(nameof(StoredPolicy.UpdatedBy)).EqualTo("dana").And.Property(nameof(StoredPolicy.Revision)).EqualTo(4));
    }
}
