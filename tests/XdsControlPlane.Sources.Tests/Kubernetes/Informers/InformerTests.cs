using Microsoft.Extensions.Logging.Abstractions;
using XdsControlPlane.Model;
using XdsControlPlane.Sources.Kubernetes.Api;
using XdsControlPlane.Sources.Kubernetes.Informers;
using XdsControlPlane.Testing.Kubernetes;

namespace XdsControlPlane.Sources.Tests.Kubernetes.Informers;

/// <summary>
/// Informers against the simulated API server (real list/watch protocol): initial sync, events, resume after a
/// dropped watch, 410 relist with diff, backoff, missing CRDs, scoping. Waits are barriers on informer events or on
/// requests the server received, each with a timeout that names what it waited for.
/// </summary>
public sealed class InformerTests
{
    private static readonly TimeSpan _wait = TimeSpan.FromSeconds(10);
    private SimulatedApiServer _server = null!;
    private KubernetesApi _client = null!;
    private readonly List<Informer> _informers = [];

    [SetUp]
    public async Task StartServer()
    {
        _server = await SimulatedApiServer.StartAsync();
        _client = SimulatedCluster.Api(_server);
    }

    [TearDown]
    public async Task StopServer()
    {
        foreach (var informer in _informers)
        {
            await informer.DisposeAsync();
        }

        _informers.Clear();
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task SimulatedServer_InitialSync_ListsEveryPage_ThenWatchesFromTheListVersion()
    {
        for (var i = 0; i < 5; i++)
        {
            _server.Apply(KubeObjects.Service($"svc-{i}", 80 + i));
        }

        var informer = Start(ResourceType.Service, pageSize: 2);
        await informer.Synced.WaitAsync(_wait);

        Assert.That(informer.Objects().Select(o => o.Mapped.Value).OfType<ServiceModel>().Select(s => s.Ref.Name).Order(),
            Is.EqualTo(new[] { "svc-0", "svc-1", "svc-2", "svc-3", "svc-4" }));
        var lists = _server.Requests.Where(r => !r.IsWatch && r.Path == "/api/v1/services").ToList();
        Assert.That(lists.Select(r => r["continue"] is not null), Is.EqualTo(new[] { false, true, true }));
        var watch = await _server.WaitForRequestAsync(r => r.IsWatch, "a watch after the list");
        Assert.That(watch["resourceVersion"], Is.EqualTo(_server.ResourceVersion));
    }

    [Test]
    public async Task SimulatedServer_AddModifyDelete_UpdateTheCacheAndSignalChanges()
    {
        var informer = Start(ResourceType.Service);
        await informer.Synced.WaitAsync(_wait);
        await _server.WaitForRequestAsync(r => r.IsWatch, "the first watch");

        await Until(informer, () => _server.Apply(KubeObjects.Service("web", 80)), () => Port(informer, "web") == 80, "web to be added");
        await Until(informer, () => _server.Apply(KubeObjects.Service("web", 81)), () => Port(informer, "web") == 81, "web to be modified");
        await Until(informer, () => _server.Delete("v1", "Service", "default", "web"), () => informer.Objects().Count == 0, "web to be deleted");
    }

    [Test]
    public async Task SimulatedServer_StatusOnlyChange_IsNotAChangeOfTheModel()
    {
        _server.Apply(KubeObjects.HttpRoute("web", "gw", "web", 80));
        var informer = Start(ResourceType.HttpRoute);
        await informer.Synced.WaitAsync(_wait);
        await _server.WaitForRequestAsync(r => r.IsWatch, "the first watch");
        var changes = 0;
        informer.Changed += () => Interlocked.Increment(ref changes);
        var events = Events(informer, 2);

        await _client.PatchStatusAsync(ResourceType.HttpRoute, "default", "web", System.Text.Json.Nodes.JsonNode.Parse("""{"status":{"parents":[]}}""")!.AsObject(), CancellationToken.None);
        _server.Apply(KubeObjects.HttpRoute("other", "gw", "web", 80));
        await events.WaitAsync(_wait);

        Assert.That(changes, Is.EqualTo(1), "only the new route changes the model");
        Assert.That(informer.Find("default", "web")?.Status.GetProperty("parents").GetArrayLength(), Is.Zero, "the status is kept for the status writer");
    }

    [Test]
    public async Task SimulatedServer_DroppedWatch_ResumesFromTheLastSeenVersion_WithoutListingAgain()
    {
        var informer = Start(ResourceType.Service);
        await informer.Synced.WaitAsync(_wait);
        await _server.WaitForRequestAsync(r => r.IsWatch, "the first watch");
        await Until(informer, () => _server.Apply(KubeObjects.Service("web", 80)), () => Port(informer, "web") == 80, "web to be added");
        var lastSeen = _server.ResourceVersion;

        _server.DropWatches();
        var resumed = await _server.WaitForRequestAsync(r => r.IsWatch && r["resourceVersion"] == lastSeen, $"a watch resuming from {lastSeen}");
        await Until(informer, () => _server.Apply(KubeObjects.Service("web", 82)), () => Port(informer, "web") == 82, "an event on the resumed watch");

        Assert.That(resumed, Is.Not.Null);
        Assert.That(_server.Requests.Count(r => !r.IsWatch), Is.EqualTo(1), "no relist after a plain disconnect");
    }

    [Test]
    public async Task SimulatedServer_Bookmark_MovesTheVersionAWatchResumesFrom()
    {
        var informer = Start(ResourceType.Service);
        await informer.Synced.WaitAsync(_wait);
        await _server.WaitForRequestAsync(r => r.IsWatch, "the first watch");
        _server.Apply(KubeObjects.Namespace("elsewhere"));
        var bookmarked = Events(informer, 1);

        _server.Bookmark();
        await bookmarked.WaitAsync(_wait);

        Assert.That(informer.ResourceVersion, Is.EqualTo(_server.ResourceVersion));
        _server.DropWatches();
        await _server.WaitForRequestAsync(r => r.IsWatch && r["resourceVersion"] == _server.ResourceVersion, "a watch from the bookmark's version");
    }

    [TestCase(false, TestName = "SimulatedServer_410AsErrorEvent_RelistsAndDiffs_ObjectsDeletedMeanwhileDisappear")]
    [TestCase(true, TestName = "SimulatedServer_410AsHttpStatus_RelistsAndDiffs_ObjectsDeletedMeanwhileDisappear")]
    public async Task GoneRelists(bool asHttpStatus)
    {
        _server.WatchGoneAsHttpStatus = asHttpStatus;
        _server.Apply(KubeObjects.Service("kept", 80));
        _server.Apply(KubeObjects.Service("deleted", 80));
        var informer = Start(ResourceType.Service);
        await informer.Synced.WaitAsync(_wait);
        await _server.WaitForRequestAsync(r => r.IsWatch, "the first watch");

        // Disconnected while the cluster moves on and the history is compacted.
        var outage = true;
        _server.Fault = r => r.IsWatch && Volatile.Read(ref outage) ? 503 : null;
        _server.DropWatches();
        await _server.WaitForRequestAsync(r => r.IsWatch && _server.Fault?.Invoke(r) == 503, "a failed watch during the outage");
        _server.Delete("v1", "Service", "default", "deleted");
        _server.Apply(KubeObjects.Service("added", 80));
        _server.Compact();

        await Until(informer, () => Volatile.Write(ref outage, false), () => informer.Objects().Count == 2 && Port(informer, "added") == 80, "the relist after 410");

        Assert.That(informer.Objects().Select(o => o.Mapped.Ref.Name).Order(), Is.EqualTo(new[] { "added", "kept" }));
        Assert.That(_server.Requests.Count(r => !r.IsWatch), Is.EqualTo(2), "one list at start, one after 410");
    }

    [Test]
    public async Task SimulatedServer_FailingList_IsRetriedWithBackoff_UntilItSucceeds()
    {
        var failures = 0;
        _server.Fault = r => !r.IsWatch && Interlocked.Increment(ref failures) <= 2 ? 500 : null;
        _server.Apply(KubeObjects.Service("web", 80));

        var informer = Start(ResourceType.Service);
        await informer.Synced.WaitAsync(_wait);

        Assert.That(_server.Requests.Count(r => !r.IsWatch), Is.EqualTo(3));
        Assert.That(informer.Objects(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task SimulatedServer_MissingCrd_CountsAsSyncedEmpty_WithAProblem_AndIsFoundOnceInstalled()
    {
        _server.Uninstall("xdspolicies");
        var informer = Start(ResourceType.XdsPolicy);
        await informer.Synced.WaitAsync(_wait);

        Assert.That(informer.Objects(), Is.Empty);
        Assert.That(informer.Problem, Does.Contain("CustomResourceDefinition is not installed"));

        await Until(informer, () => _server.Install(SimulatedKind.Defaults.Single(k => k.Plural == "xdspolicies")), () => informer.Problem is null, "the informer to find the installed CRD");
        Assert.That(_server.Requests.Count(r => r.Path.EndsWith("/xdspolicies", StringComparison.Ordinal) && !r.IsWatch), Is.GreaterThanOrEqualTo(2));
    }

    [Test]
    public async Task SimulatedServer_NamespaceAndLabelScoping_AreSentToTheServer()
    {
        var matching = KubeObjects.HttpRoute("edge", "gw", "web", 80, ns: "team");
        matching["metadata"]!["labels"] = new System.Text.Json.Nodes.JsonObject { ["tier"] = "edge" };
        _server.Apply(matching);
        _server.Apply(KubeObjects.HttpRoute("unlabelled", "gw", "web", 80, ns: "team"));
        _server.Apply(KubeObjects.HttpRoute("elsewhere", "gw", "web", 80, ns: "other"));

        var informer = Start(ResourceType.HttpRoute, ns: "team", selector: "tier=edge");
        await informer.Synced.WaitAsync(_wait);

        Assert.That(informer.Objects().Select(o => o.Mapped.Ref.Name), Is.EqualTo(new[] { "edge" }));
        var list = _server.Requests.First();
        Assert.That((list.Path, list["labelSelector"]), Is.EqualTo(("/apis/gateway.networking.k8s.io/v1/namespaces/team/httproutes", "tier=edge")));
    }

    private Informer Start(ResourceType type, int pageSize = 100, string? ns = null, string? selector = null)
    {
        var options = new InformerOptions(ns, selector, pageSize, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(50));
        var informer = new Informer(_client, type, options, TimeProvider.System, NullLogger.Instance);
        _informers.Add(informer);
        informer.Start();
        return informer;
    }

    private static int? Port(Informer informer, string name) =>
        (informer.Find("default", name)?.Mapped.Value as ServiceModel)?.Ports[0].Port;

    // Completes after the informer applied `count` watch events.
    private static Task Events(Informer informer, int count)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = 0;
        informer.EventApplied += _ =>
        {
            if (Interlocked.Increment(ref seen) == count)
            {
                done.TrySetResult();
            }
        };
        return done.Task;
    }

    // Acts, then waits (on the informer's change signal) until the condition holds.
    private static async Task Until(Informer informer, Action act, Func<bool> condition, string awaiting)
    {
        using var signal = new SemaphoreSlim(0);
        void OnChanged() => signal.Release();
        informer.Changed += OnChanged;
        try
        {
            act();
            using var cts = new CancellationTokenSource(_wait);
            while (!condition())
            {
                try
                {
                    await signal.WaitAsync(cts.Token);
                }
                catch (OperationCanceledException)
                {
                    throw new TimeoutException($"timed out waiting for {awaiting}");
                }
            }
        }
        finally
        {
            informer.Changed -= OnChanged;
        }
    }
}
