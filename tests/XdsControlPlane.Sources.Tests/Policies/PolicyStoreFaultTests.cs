using XdsControlPlane.Model;
using XdsControlPlane.Sources.Policies;

namespace XdsControlPlane.Sources.Tests.Policies;

/// <summary>A SQLite database that is locked or unreadable while running: the fault is reported, the last good policies stay, and it recovers.</summary>
public sealed class PolicyStoreFaultTests : StoreFixture
{
    private static bool HasFault(ModelContext model) => model.SourceErrors.Any(e => e.Reason == "StoreUnavailable");

    [Test]
    public async Task ALockedDatabase_FaultsWrites_KeepsThePolicies_AndRecoversWhenReleased()
    {
        var store = new PolicyStore(Options());
        await using var source = new PolicyStoreSource(store);
        await source.StartAsync();
        await store.CreateAsync(Policy("kept"), actor: null);
        await UntilAsync(() => source.Current.Policies.Count == 1, "the first policy");

        using (var locker = Connect())
        {
            Scalar(locker, "BEGIN EXCLUSIVE");

            Assert.ThrowsAsync<PolicyStoreUnavailableException>(() => store.CreateAsync(Policy("blocked"), actor: null));
            Assert.That(store.Fault?.Message, Does.Contain("locked"));
            await UntilAsync(() => HasFault(source.Current), "the fault to be published");
            Assert.That(source.Current.Policies.Select(p => p.Ref.Name), Is.EqualTo(new[] { "kept" }), "the last good policies are still served");

            Scalar(locker, "ROLLBACK");
        }

        await UntilAsync(() => store.Fault is null && !HasFault(source.Current), "recovery after the lock was released");
        var after = await store.CreateAsync(Policy("after"), actor: null);
        Assert.That(after.Status, Is.EqualTo(PolicyWriteStatus.Created));
        await UntilAsync(() => source.Current.Policies.Count == 2, "the policy written after recovery");
    }

    [Test]
    public async Task ADatabaseReplacedByGarbage_IsAFault_AndRecoversWhenTheFileIsRestored()
    {
        var store = new PolicyStore(Options());
        await using var source = new PolicyStoreSource(store);
        await source.StartAsync();
        await store.CreateAsync(Policy("kept"), actor: null);
        await UntilAsync(() => source.Current.Policies.Count == 1, "the first policy");
        // A checkpoint moves everything into the main file, so it alone is the database.
        using (var connection = Connect())
        {
            Scalar(connection, "PRAGMA wal_checkpoint(TRUNCATE)");
        }

        var good = await File.ReadAllBytesAsync(DatabasePath);
        await File.WriteAllBytesAsync(DatabasePath, [.. Enumerable.Repeat((byte)0x5a, good.Length)]);

        await UntilAsync(() => store.Fault is not null && HasFault(source.Current), "the unreadable database to be reported");
        Assert.That(source.Current.Policies.Select(p => p.Ref.Name), Is.EqualTo(new[] { "kept" }));
        Assert.ThrowsAsync<PolicyStoreUnavailableException>(() => store.ListAsync());

        await File.WriteAllBytesAsync(DatabasePath, good);

        await UntilAsync(() => store.Fault is null && !HasFault(source.Current), "recovery once the file is good again");
        Assert.That((await store.ListAsync()).Select(p => p.Name), Is.EqualTo(new[] { "kept" }));
    }

    [Test]
    public async Task ADatabaseThatCannotBeOpenedAtStart_StartsWithoutPolicies_AndLoadsThemOnceItCan()
    {
        var seeded = await StartedStoreAsync();
        await seeded.CreateAsync(Policy("p"), actor: null);
        var store = new PolicyStore(Options());
        await using var source = new PolicyStoreSource(store);

        ModelContext initial;
        using (var locker = Connect())
        {
            Scalar(locker, "BEGIN EXCLUSIVE");
            initial = await source.StartAsync();
            Scalar(locker, "ROLLBACK");
        }

        await UntilAsync(() => source.Current.Policies.Count == 1 && !HasFault(source.Current), "the policies after the start-up fault cleared");
        Assert.That(HasFault(initial), Is.True, $"the start-up model reports the fault: {string.Join("; ", initial.SourceErrors)}");
    }
}
