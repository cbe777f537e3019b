using XdsControlPlane.Sources.Policies;

namespace XdsControlPlane.Sources.Tests.Policies;

/// <summary>
/// PostgreSQL announces every change (LISTEN/NOTIFY): another writer's change is loaded without waiting for a poll, and
/// after the listening connection is lost everything is re-read once it is back. Polling is set to an hour here, so
/// only the notifications can deliver.
/// </summary>
public sealed class PolicyNotifyTests() : StoreFixture(PolicyDatabaseProvider.Postgres)
{
    private PolicyStoreOptions NoPolling() => Options() with { PollInterval = TimeSpan.FromHours(1) };

    [Test]
    public async Task AnotherWritersChange_IsLoadedThroughTheNotification()
    {
        var store = new PolicyStore(NoPolling());
        await using var source = new PolicyStoreSource(store);
        await source.StartAsync();
        await UntilAsync(() => source.Listening, "the source to listen");

        await new PolicyStore(NoPolling()).CreateAsync(Policy("elsewhere"), actor: null);

        await UntilAsync(() => source.Current.Policies.Count == 1, "the policy another writer stored");
    }

    [Test]
    public async Task AChangeMadeWhileTheListenerWasCutOff_IsReadWhenItListensAgain()
    {
        // A long first retry: the change below certainly lands while nobody listens, so its notification is lost.
        var store = new PolicyStore(NoPolling() with { RetryInitial = TimeSpan.FromSeconds(1) });
        await using var source = new PolicyStoreSource(store);
        await source.StartAsync();
        await UntilAsync(() => source.Listening, "the source to listen");

        using (var admin = ConnectAny())
        {
            var cut = Scalar(admin, $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '{PolicyStore.ListenerApplicationName}' AND datname = current_database()");
            Assert.That(cut, Is.EqualTo(1L), "the listening connection was found and cut");
        }

        await UntilAsync(() => !source.Listening, "the source to notice");
        await new PolicyStore(NoPolling()).CreateAsync(Policy("meanwhile"), actor: null);

        await UntilAsync(() => source.Current.Policies.Count == 1, "the re-read after listening again");
        Assert.That(source.Listening, Is.True);
    }
}
