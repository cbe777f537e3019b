using XdsControlPlane.Model;
using XdsControlPlane.Sources.Manifests;
using XdsControlPlane.Testing;

namespace XdsControlPlane.Sources.Tests.Manifests;

/// <summary>
/// Symbolic links in the manifest directory (issue 10, D2): directory links are followed, but every directory is read
/// once, recognised by device and inode, so link cycles end and nothing is read twice. Linux only (device and inode
/// come from statx); elsewhere directory links are not followed at all.
/// </summary>
[Platform("Linux")]
public sealed class SymlinkTests
{
    // Before the fix a load with two links to '.' never ended; this bounds the wait so the test fails instead of hanging.
    private static readonly TimeSpan _loadTimeout = TimeSpan.FromSeconds(60);
    private TempDirectory _dir = null!;

    [SetUp]
    public void CreateDirectory()
    {
        _dir = new TempDirectory("symlinks");
        _dir.Write("a.yaml", Service("a"));
        _dir.Write("sub/b.yaml", Service("b"));
    }

    [TearDown]
    public void DeleteDirectory() => _dir.Dispose();

    [Test]
    public void TwoLinksToTheDirectoryItself_AreReadOnce_AndTheLoadEnds()
    {
        Link("loop", ".");
        Link("loop2", ".");

        var (model, parsed) = LoadWithin(_loadTimeout);

        Assert.That(model.Services.Select(s => s.Ref.Name), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(model.SourceErrors, Is.Empty, Assets.Describe(model.SourceErrors));
        Assert.That(parsed, Is.EqualTo(2), "each file read once");
    }

    [TestCase("loop", ".", TestName = "OneLinkToTheDirectoryItself_ReadsEachFileOnce_WithoutDuplicates")]
    [TestCase("sub/up", "..", TestName = "OneLinkFromASubfolderToItsParent_ReadsEachFileOnce_WithoutDuplicates")]
    public void OneLinkBackIntoTheTree(string link, string target)
    {
        // Before: the listing followed the link until the path was too long, reading every file ~40 times.
        Link(link, target);

        var (model, parsed) = LoadWithin(_loadTimeout);

        Assert.That(model.SourceErrors, Is.Empty, Assets.Describe(model.SourceErrors));
        Assert.That(parsed, Is.EqualTo(2));
    }

    [Test]
    public void ALinkToAFolderOfTheTree_IsReadUnderItsRealPath()
    {
        Link("alias", "sub"); // 'alias' sorts before 'sub', and still the real folder wins

        var (model, parsed) = LoadWithin(_loadTimeout);

        Assert.That(model.SourceErrors, Is.Empty, Assets.Describe(model.SourceErrors));
        Assert.That(parsed, Is.EqualTo(2));
        Assert.That(ManifestLoaderLocations(), Does.Contain("sub/b.yaml").And.Not.Contain("alias/b.yaml"));
    }

    [Test]
    public void ALinkToAFolderOutsideTheTree_IsFollowed_AndALinkBackIntoTheTreeEnds()
    {
        var outside = Path.Combine(_dir.Root, "outside");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "c.yaml"), Service("c"));
        Directory.CreateSymbolicLink(Path.Combine(outside, "back"), _dir.Manifests);
        Link("ext", outside);

        var (model, parsed) = LoadWithin(_loadTimeout);

        Assert.That(model.Services.Select(s => s.Ref.Name), Is.EqualTo(new[] { "a", "b", "c" }));
        Assert.That(model.SourceErrors, Is.Empty, Assets.Describe(model.SourceErrors));
        Assert.That(parsed, Is.EqualTo(3));
        Assert.That(ManifestLoaderLocations(), Does.Contain("ext/c.yaml"));
    }

    [Test]
    public void ALinkToAFile_IsRead_AsAMountedConfigMapsFilesAre()
    {
        Directory.CreateDirectory(Path.Combine(_dir.Manifests, "..data"));
        File.WriteAllText(Path.Combine(_dir.Manifests, "..data", "c.yaml"), Service("c"));
        File.CreateSymbolicLink(Path.Combine(_dir.Manifests, "c.yaml"), "..data/c.yaml");

        var (model, _) = LoadWithin(_loadTimeout);

        Assert.That(model.Services.Select(s => s.Ref.Name), Is.EqualTo(new[] { "a", "b", "c" }), "the hidden folder itself is not read");
    }

    [Test]
    public void AConfigMapsNestedFolder_ALinkIntoItsHiddenDataFolder_IsRead()
    {
        // The kubelet mounts a ConfigMap item with path 'team/c.yaml' as a link 'team -> ..data/team'.
        Directory.CreateDirectory(Path.Combine(_dir.Manifests, "..2026_01_01", "team"));
        File.WriteAllText(Path.Combine(_dir.Manifests, "..2026_01_01", "team", "c.yaml"), Service("c"));
        Link("..data", "..2026_01_01");
        Link("team", "..data/team");

        var (model, parsed) = LoadWithin(_loadTimeout);

        Assert.That(model.Services.Select(s => s.Ref.Name), Is.EqualTo(new[] { "a", "b", "c" }));
        Assert.That(parsed, Is.EqualTo(3));
        Assert.That(ManifestLoaderLocations(), Does.Contain("team/c.yaml"));
    }

    [Test]
    public async Task TheWatchingSource_WithLinkCycles_StartsAndPublishesEdits_AndRemovingTheLinksChangesNothing()
    {
        Link("loop", ".");
        Link("loop2", ".");
        var clock = new ManualClock();
        await using var source = new ManifestDirectorySource(new ManifestDirectoryOptions { Directory = _dir.Manifests, QuietPeriod = TimeSpan.FromMilliseconds(100) }, clock);
        var published = new List<ModelContext>();
        source.Changed += (_, m) => published.Add(m);
        var reloads = 0;
        source.Reloaded += _ => Interlocked.Increment(ref reloads);

        await source.StartAsync().WaitAsync(_loadTimeout);
        Assert.That(source.FilesParsed, Is.EqualTo(2));

        _dir.Write("a.yaml", Service("a2"));
        source.SignalChange(); // as the watcher would, checking every file
        await AdvanceUntilAsync(clock, () => published.Count > 0, "the edit to be published");
        Assert.That(published.Last().Services.Select(s => s.Ref.Name), Is.EqualTo(new[] { "a2", "b" }));

        var before = Volatile.Read(ref reloads);
        File.Delete(Path.Combine(_dir.Manifests, "loop"));
        File.Delete(Path.Combine(_dir.Manifests, "loop2"));
        source.SignalChange();
        await AdvanceUntilAsync(clock, () => Volatile.Read(ref reloads) > before, "a reload after the links went");
        Assert.That(source.FilesParsed, Is.EqualTo(3), "one edit, one file read again");
        Assert.That(source.Current.Services.Select(s => s.Ref.Name), Is.EqualTo(new[] { "a2", "b" }));
    }

    // The real watcher also signals the debouncer, from its own thread and late under load: a signal that lands while
    // the manual clock fires moves the quiet period on, so the clock is advanced until the awaited reload has happened.
    private static async Task AdvanceUntilAsync(ManualClock clock, Func<bool> done, string awaiting)
    {
        for (var i = 0; i < 600 && !done(); i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
            if (!done())
            {
                await Task.Delay(10);
            }
        }

        Assert.That(done(), Is.True, $"waited for {awaiting}");
    }

    [Test]
    public async Task AnEditInsideALinkedFolderOutsideTheTree_IsSeen_UntilTheLinkIsRemoved()
    {
        var outside = Path.Combine(_dir.Root, "outside");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "c.yaml"), Service("c"));
        Link("ext", outside);
        var clock = new ManualClock();
        await using var source = new ManifestDirectorySource(new ManifestDirectoryOptions { Directory = _dir.Manifests, QuietPeriod = TimeSpan.FromMilliseconds(100) }, clock);
        await source.StartAsync().WaitAsync(_loadTimeout);
        var signaled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.ChangeSignaled += () => signaled.TrySetResult();

        File.WriteAllText(Path.Combine(outside, "c.yaml"), Service("c2"));
        await signaled.Task.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false); // the watcher's event through the link
        await AdvanceUntilAsync(clock, () => source.Current.Services.Any(s => s.Ref.Name == "c2"), "the edit through the link to be loaded");

        Assert.That(source.Current.Services.Select(s => s.Ref.Name), Is.EqualTo(new[] { "a", "b", "c2" }));
        Assert.That(source.WatchedLinkTargets, Is.EqualTo(new[] { outside }));

        Directory.Delete(Path.Combine(_dir.Manifests, "ext"));
        source.SignalChange();
        await AdvanceUntilAsync(clock, () => source.Current.Services.Count == 2, "a reload after the link went");
        Assert.That(source.Current.Services.Select(s => s.Ref.Name), Is.EqualTo(new[] { "a", "b" }), "the link is gone, and with it the files it led to");
        Assert.That(source.WatchedLinkTargets, Is.Empty);
    }

    private void Link(string relative, string target) => Directory.CreateSymbolicLink(Path.Combine(_dir.Manifests, relative), target);

    private (ModelContext Model, int Parsed) LoadWithin(TimeSpan timeout)
    {
        var loader = new ManifestLoader(_dir.Manifests);
        var load = Task.Run(() => loader.Reload());
        Assert.That(load.Wait(timeout), Is.True, $"the load finished within {timeout}");
        return (load.Result, loader.FilesParsed);
    }

    // Where each object was read, as duplicate errors and kept-version warnings name it.
    private HashSet<string> ManifestLoaderLocations()
    {
        var loader = new ManifestLoader(_dir.Manifests);
        loader.Reload();
        return [.. loader.Locations().Select(l => l[..l.LastIndexOf(':')])];
    }

    private static string Service(string name) => $"apiVersion: v1\nkind: Service\nmetadata: {{name: {name}, namespace: shop}}\nspec:\n  ports: [{{port: 80}}]\n";
}
