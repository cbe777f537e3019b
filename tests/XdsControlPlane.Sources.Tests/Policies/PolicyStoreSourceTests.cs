using XdsControlPlane.Model;
using XdsControlPlane.Sources.Policies;

namespace XdsControlPlane.Sources.Tests.Policies;

/// <summary>The store's model source on both engines: its own writes and another process's are published.</summary>
[TestFixture(PolicyDatabaseProvider.Sqlite)]
[TestFixture(PolicyDatabaseProvider.Postgres)]
public sealed class PolicyStoreSourceTests(PolicyDatabaseProvider provider) : StoreFixture(provider)
{
    [Test]
    public async Task ACommittedChange_IsPublishedByTheSource()
    {
        var store = new PolicyStore(Options());
        await using var source = new PolicyStoreSource(store);
        var initial = await source.StartAsync();
        var published = new TaskCompletionSource<ModelContext>(TaskCreationOptions.RunContinuationsAsynchronously);
        source.Changed += (_, model) => published.TrySetResult(model);

        await store.CreateAsync(Policy("p"), actor: null);
        var model = await published.Task.WaitAsync(Wait);

        Assert.That(initial.Policies, Is.Empty);
        Assert.That(model.Policies.Select(p => p.Ref), Is.EqualTo(new[] { new ObjectRef("XdsPolicy", "default", "p") }));
        Assert.That(model.Generation, Is.EqualTo(2));
    }

    [Test]
    public async Task AChangeByAnotherProcess_IsNoticedByPolling()
    {
        var store = new PolicyStore(Options());
        await using var source = new PolicyStoreSource(store);
        await source.StartAsync();

        await new PolicyStore(Options()).CreateAsync(Policy("elsewhere"), actor: null);

        await UntilAsync(() => source.Current.Policies.Count == 1, "the source to load a policy written by another store instance");
    }
}
