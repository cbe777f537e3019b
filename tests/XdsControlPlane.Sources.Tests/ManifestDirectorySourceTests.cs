using XdsControlPlane.Testing;
using XdsControlPlane.Model;
using XdsControlPlane.Sources.Manifests;

namespace XdsControlPlane.Sources.Tests;

/// <summary>
/// The directory source: initial load, debounced reloads driven by a manual clock, no publish for equal content,
/// and (with a real FileSystemWatcher) edits noticed on disk.
/// </summary>
public sealed class ManifestDirectorySourceTests
{
    private static readonly TimeSpan _quiet = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan _wait = TimeSpan.FromSeconds(10);
    private string _root = null!;
    private string _directory = null!;
    private ManualClock _clock = null!;
    private List<ModelContext> _published = null!;
    private List<bool> _reloads = null!;

    [SetUp]
    public void CreateDirectory()
    {
        _root = Path.Combine(Path.GetTempPath(), $"xds-sources-{TestContext.CurrentContext.Test.ID}-{Environment.ProcessId}");
        _directory = Path.Combine(_root, "manifests");
        Directory.CreateDirectory(_directory);
        Write("service.yaml", Service(80));
        (_clock, _published, _reloads) = (new ManualClock(), [], []);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_root, recursive: true);

    [Test]
    public async Task Start_LoadsTheDirectoryAsGenerationOne()
    {
        await using var source = Source(watch: false);

        var model = await source.StartAsync();

        Assert.That(model.Generation, Is.EqualTo(1));
        Assert.That(model.Services.Single().Ports[0].Port, Is.EqualTo(80));
        Assert.That(source.Current, Is.SameAs(model));
        Assert.That(source.Name, Is.EqualTo($"manifests:{_directory}"));
        Assert.ThrowsAsync<InvalidOperationException>(() => source.StartAsync());
    }

    [Test]
    public async Task AnEdit_IsPublishedWhenTheQuietPeriodEnds()
    {
        await using var source = await Started(watch: false);

        Write("service.yaml", Service(81));
        source.SignalChange();
        _clock.Advance(_quiet - TimeSpan.FromMilliseconds(1));
        Assert.That(_published, Is.Empty, "not before the quiet period");

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.That(_published.Select(m => (m.Generation, m.Services.Single().Ports[0].Port)), Is.EqualTo(new[] { (2L, 81) }));
        Assert.That(source.Current, Is.SameAs(_published[0]));
    }

    [Test]
    public async Task ABurstOfEdits_IsPublishedOnce()
    {
        await using var source = await Started(watch: false);

        foreach (var port in new[] { 81, 82, 83, 84 })
        {
            Write("service.yaml", Service(port));
            source.SignalChange();
            _clock.Advance(TimeSpan.FromMilliseconds(50));
        }

        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.That(_published.Select(m => (m.Generation, m.Services.Single().Ports[0].Port)), Is.EqualTo(new[] { (2L, 84) }));
        Assert.That(_reloads, Is.EqualTo(new[] { true }));
    }

    [Test]
    public async Task EqualContent_IsNotPublished()
    {
        await using var source = await Started(watch: false);

        Write("service.yaml", "# reformatted, same object\n" + Service(80).Replace("port: 80", "port:   80", StringComparison.Ordinal));
        Write("notes.txt", "not a manifest");
        source.SignalChange();
        _clock.Advance(_quiet);

        Assert.That(_reloads, Is.EqualTo(new[] { false }), "it reloaded");
        Assert.That(_published, Is.Empty, "but the content hash was unchanged");
        Assert.That(source.Current.Generation, Is.EqualTo(1));
    }

    [Test]
    public async Task ABrokenEdit_IsPublishedWithItsError_AndTheLastGoodVersionKeepsServing()
    {
        await using var source = await Started(watch: false);
        Write("other.yaml", Service(90, "other"));
        source.SignalChange();
        _clock.Advance(_quiet);

        Write("service.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: web\n");
        source.SignalChange();
        _clock.Advance(_quiet);

        var model = _published.Last();
        Assert.That(model.Generation, Is.EqualTo(3));
        Assert.That(model.Services.Select(s => (s.Ref.Name, s.Ports[0].Port)), Is.EqualTo(new[] { ("other", 90), ("web", 80) }));
        Assert.That(model.SourceErrors.Select(e => (e.Object, e.Severity)), Is.EqualTo(new[]
        {
            (new ObjectRef("File", "", "service.yaml"), ModelErrorSeverity.Error),
            (new ObjectRef("Service", "shop", "web"), ModelErrorSeverity.Warning),
        }));
    }

    [Test]
    public async Task WatchAsync_YieldsTheCurrentModel_ThenEachChange()
    {
        await using var source = await Started(watch: false);
        using var cancel = new CancellationTokenSource(_wait);
        await using var models = source.WatchAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);

        Assert.That(await models.MoveNextAsync(), Is.True);
        Assert.That(models.Current.Generation, Is.EqualTo(1));
        var next = models.MoveNextAsync();
        Write("service.yaml", Service(81));
        source.SignalChange();
        _clock.Advance(_quiet);

        Assert.That(await next, Is.True, "a second model within the timeout");
        Assert.That(models.Current.Generation, Is.EqualTo(2));
    }

    [Test]
    public async Task TheFileSystemWatcher_NoticesAnEdit_AndTheClockDecidesWhenItIsPublished()
    {
        await using var source = await Started(watch: true);
        var signaled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.ChangeSignaled += () => signaled.TrySetResult();

        ReplaceAtomically("service.yaml", Service(81));
        await signaled.Task.WaitAsync(_wait).ConfigureAwait(false);
        Assert.That(_published, Is.Empty, "the manual clock has not moved");

        _clock.Advance(_quiet);
        Assert.That(_published.Single().Services.Single().Ports[0].Port, Is.EqualTo(81));
    }

    [Test]
    public async Task WithTheSystemClock_AnEditOnDisk_IsPublished()
    {
        await using var source = new ManifestDirectorySource(new ManifestDirectoryOptions { Directory = _directory, QuietPeriod = TimeSpan.FromMilliseconds(20) });
        var changed = new TaskCompletionSource<ModelContext>(TaskCreationOptions.RunContinuationsAsynchronously);
        source.Changed += (_, model) => changed.TrySetResult(model);
        await source.StartAsync();

        Write("service.yaml", Service(82));

        var model = await changed.Task.WaitAsync(_wait).ConfigureAwait(false);
        Assert.That((model.Generation, model.Services.Single().Ports[0].Port), Is.EqualTo((2L, 82)));
    }

    [Test]
    public async Task AWatcherError_CountsAWatchRestart_AndReloads()
    {
        await using var source = await Started(watch: false);
        long restarts = 0;
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == SourceMetrics.MeterName && instrument.Name == "xds_source_watch_restarts")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            if (tags.ToArray().Contains(new KeyValuePair<string, object?>("source", "manifests")))
            {
                Interlocked.Add(ref restarts, value);
            }
        });
        listener.Start();
        Write("service.yaml", Service(82));

        source.OnWatcherError(new InternalBufferOverflowException("too many changes at once"));
        _clock.Advance(_quiet);

        Assert.That(Interlocked.Read(ref restarts), Is.EqualTo(1));
        Assert.That(_published.Select(m => m.Services.Single().Ports[0].Port), Is.EqualTo(new[] { 82 }), "events may have been lost: the directory is read again");
    }

    private ManifestDirectorySource Source(bool watch) =>
        new(new ManifestDirectoryOptions { Directory = _directory, QuietPeriod = _quiet, Watch = watch }, _clock);

    private async Task<ManifestDirectorySource> Started(bool watch)
    {
        var source = Source(watch);
        source.Changed += (_, model) => _published.Add(model);
        source.Reloaded += _reloads.Add;
        await source.StartAsync();
        return source;
    }

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_directory, name), text);

    // One rename event instead of the several a rewrite in place can raise.
    private void ReplaceAtomically(string name, string text)
    {
        var staging = Path.Combine(_root, name + ".new");
        File.WriteAllText(staging, text);
        File.Move(staging, Path.Combine(_directory, name), overwrite: true);
    }

    private static string Service(int port, string name = "web") => $"""
        apiVersion: v1
        kind: Service
        metadata: {"{"}name: {name}, namespace: shop{"}"}
        spec:
          ports:
          - port: {port}
        """;
}
