using XdsControlPlane.Model;
using XdsControlPlane.Sources.Manifests;
using XdsControlPlane.Testing;

namespace XdsControlPlane.Sources.Tests;

/// <summary>
/// Reloads of the directory source re-read only changed files and keep the objects of the others as the same
/// instances. Each case runs twice: with the watcher's paths (only the named files are checked) and with every file
/// checked. Every reload must give the model a fresh load of the directory gives.
/// </summary>
public sealed class ManifestIncrementalReloadTests
{
    private static readonly TimeSpan _quiet = TimeSpan.FromMilliseconds(100);
    private string _directory = null!;
    private ManualClock _clock = null!;
    private List<ModelContext> _published = null!;
    private List<bool> _reloads = null!;

    [SetUp]
    public void CreateDirectory()
    {
        _directory = Path.Combine(Path.GetTempPath(), $"xds-incremental-{TestContext.CurrentContext.Test.ID}-{Environment.ProcessId}");
        Directory.CreateDirectory(_directory);
        Write("a.yaml", Service("web", 80));
        Write("b.yaml", Service("other", 90));
        Write("slices.yaml", Slice("web", "10.0.0.1"));
        (_clock, _published, _reloads) = (new ManualClock(), [], []);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [TestCase(true)]
    [TestCase(false)]
    public async Task AnEdit_ReparsesOnlyThatFile_AndTheOtherObjectsStayTheSameInstances(bool named)
    {
        await using var source = await Started();
        var before = source.Current;
        var parsed = source.FilesParsed;

        Write("b.yaml", Service("other", 91));
        Reload(source, named, "b.yaml");

        var after = _published.Single();
        Assert.Multiple(() =>
        {
            Assert.That(source.FilesParsed - parsed, Is.EqualTo(1), "files parsed by the reload");
            Assert.That(Named(after.Services, "web"), Is.SameAs(Named(before.Services, "web")), "web comes from an unchanged file");
            Assert.That(Named(after.Services, "other").Ports[0].Port, Is.EqualTo(91));
            Assert.That(after.EndpointSlices.Items == before.EndpointSlices.Items, Is.True, "an unchanged collection is the previous array");
            Assert.That(after.ContentHash, Is.EqualTo(ManifestLoader.Load(_directory).ContentHash), "same as a fresh load");
        });
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task AnEndpointEdit_ChangesOnlyTheEndpointSlices_AndKeepsAnEqualObjectOfTheSameFile(bool named)
    {
        Write("slices.yaml", Service("web", 80) + "\n---\n" + Slice("web", "10.0.0.1"));
        Write("a.yaml", "");
        await using var source = await Started();
        var before = source.Current;

        Write("slices.yaml", Service("web", 80) + "\n---\n" + Slice("web", "10.0.0.2"));
        Reload(source, named, "slices.yaml");

        var after = _published.Single();
        Assert.Multiple(() =>
        {
            Assert.That(after.EndpointSlices.Single().Endpoints[0].Addresses, Is.EqualTo(new[] { "10.0.0.2" }));
            Assert.That(after.Services.Items == before.Services.Items, Is.True, "the re-mapped Service equals the old one and keeps its instance and array");
            Assert.That(after.Routes.Items == before.Routes.Items, Is.True);
            Assert.That(after.ContentHash, Is.EqualTo(ManifestLoader.Load(_directory).ContentHash));
        });
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task AFileRewrittenWithIdenticalContent_IsNotReparsed_NorPublished(bool named)
    {
        await using var source = await Started();
        var parsed = source.FilesParsed;

        Write("b.yaml", Service("other", 90));
        File.SetLastWriteTimeUtc(Path.Combine(_directory, "b.yaml"), DateTime.UtcNow.AddMinutes(1));
        Reload(source, named, "b.yaml");

        Assert.Multiple(() =>
        {
            Assert.That(_reloads, Is.EqualTo(new[] { false }), "reloaded, nothing published");
            Assert.That(source.FilesParsed, Is.EqualTo(parsed), "same content hash: not parsed again");
        });
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task AnEditThatKeepsSizeAndModificationTime_IsStillNoticed(bool named)
    {
        await using var source = await Started();
        var path = Path.Combine(_directory, "b.yaml");
        var written = File.GetLastWriteTimeUtc(path);

        // Same length, time put back: a file system with coarse timestamps can show exactly this after a quick edit.
        Write("b.yaml", Service("other", 91));
        File.SetLastWriteTimeUtc(path, written);
        Reload(source, named, "b.yaml");

        Assert.That(_published.Select(m => Named(m.Services, "other").Ports[0].Port), Is.EqualTo(new[] { 91 }));
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task DeletedNewAndRenamedFiles_AreFollowed(bool named)
    {
        await using var source = await Started();
        var web = Named(source.Current.Services, "web");

        File.Delete(Path.Combine(_directory, "b.yaml"));
        Write("sub/c.yaml", Service("third", 70));
        Reload(source, named, "b.yaml", "sub/c.yaml");
        Assert.That(source.Current.Services.Select(s => s.Ref.Name), Is.EqualTo(new[] { "third", "web" }), "b.yaml deleted, sub/c.yaml added");

        var parsed = source.FilesParsed;
        File.Move(Path.Combine(_directory, "a.yaml"), Path.Combine(_directory, "z.yaml"));
        Reload(source, named, "a.yaml", "z.yaml");
        Assert.That(_reloads, Is.EqualTo(new[] { true, false }), "a rename alone changes no content");

        // Published with the next edit: the renamed file's object is the instance from before the rename.
        Write("sub/c.yaml", Service("third", 71));
        Reload(source, named, "sub/c.yaml");
        Assert.Multiple(() =>
        {
            Assert.That(source.FilesParsed - parsed, Is.EqualTo(2), "the renamed file was read under its new name, then the edited one");
            Assert.That(Named(source.Current.Services, "web"), Is.SameAs(web), "an equal object keeps its instance across the rename");
            Assert.That(Named(source.Current.Services, "third").Ports[0].Port, Is.EqualTo(71));
            Assert.That(source.Current.ContentHash, Is.EqualTo(ManifestLoader.Load(_directory).ContentHash));
        });
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task AFileThatBecomesBroken_ReportsItsErrorWithTheLine_AndItsObjectsKeepTheirLastGoodVersions(bool named)
    {
        await using var source = await Started();
        var (web, other) = (Named(source.Current.Services, "web"), Named(source.Current.Services, "other"));

        Write("b.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: other\n");
        Reload(source, named, "b.yaml");

        var model = _published.Single();
        Assert.Multiple(() =>
        {
            Assert.That(Named(model.Services, "web"), Is.SameAs(web));
            Assert.That(Named(model.Services, "other"), Is.SameAs(other), "the broken file's object as last read");
            var error = model.SourceErrors.Single(e => e.Severity == ModelErrorSeverity.Error);
            Assert.That(error.Object, Is.EqualTo(new ObjectRef("File", "", "b.yaml")));
            Assert.That(error.Message, Does.Contain("(b.yaml:"));
            Assert.That(model.SourceErrors.Single(e => e.Severity == ModelErrorSeverity.Warning).Object, Is.EqualTo(other.Ref));
        });

        Write("b.yaml", Service("other", 90));
        Reload(source, named, "b.yaml");
        Assert.That(_published.Last().SourceErrors, Is.Empty, "fixed: the file's error goes with its old content");
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task DuplicatesAcrossFiles_AreReported_AndResolvedWhenOneIsRemoved(bool named)
    {
        Write("c.yaml", Service("web", 81));
        await using var source = await Started();
        Assert.That(Duplicates(source.Current), Is.EqualTo(new[] { "web" }));
        Assert.That(Named(source.Current.Services, "web").Ports[0].Port, Is.EqualTo(80), "the first in path order wins");

        // An edit of the losing copy: still a duplicate, and the winner stays.
        Write("c.yaml", Service("web", 82));
        Reload(source, named, "c.yaml");
        Assert.Multiple(() =>
        {
            Assert.That(Duplicates(source.Current), Is.EqualTo(new[] { "web" }));
            Assert.That(source.Current.SourceErrors.Single().Message, Does.Contain("a.yaml:").And.Contain("c.yaml:"));
            Assert.That(Named(source.Current.Services, "web").Ports[0].Port, Is.EqualTo(80));
        });

        File.Delete(Path.Combine(_directory, "a.yaml"));
        Reload(source, named, "a.yaml");
        Assert.Multiple(() =>
        {
            Assert.That(Duplicates(source.Current), Is.Empty);
            Assert.That(Named(source.Current.Services, "web").Ports[0].Port, Is.EqualTo(82), "the remaining copy is used");
            Assert.That(source.Current.ContentHash, Is.EqualTo(ManifestLoader.Load(_directory).ContentHash));
        });
    }

    [Test]
    public async Task ADirectoryOrHiddenPathEvent_ChecksEveryFile()
    {
        await using var source = await Started();

        // A ConfigMap update swaps the hidden '..data' link: the visible files change with no event of their own.
        Write("b.yaml", Service("other", 91));
        Reload(source, named: true, "..data");
        Assert.That(Named(source.Current.Services, "other").Ports[0].Port, Is.EqualTo(91));

        // A folder moved in: its files raise no events of their own.
        Write("new/d.yaml", Service("fourth", 60));
        Reload(source, named: true, "new");
        Assert.That(source.Current.Services.Select(s => s.Ref.Name), Does.Contain("fourth"));
    }

    [Test]
    public async Task AnEventForAnotherFile_DoesNotCheckUnnamedFiles()
    {
        await using var source = await Started();

        // Shows that the watcher's paths are trusted: b.yaml changed without an event and is not looked at.
        Write("b.yaml", Service("other", 91));
        Write("notes.txt", "not a manifest");
        Reload(source, named: true, "notes.txt");

        Assert.That(_reloads, Is.EqualTo(new[] { false }));
        Assert.That(Named(source.Current.Services, "other").Ports[0].Port, Is.EqualTo(90));
    }

    private void Reload(ManifestDirectorySource source, bool named, params string[] paths)
    {
        if (named)
        {
            source.SignalFilesChanged([.. paths.Select(p => Path.Combine(_directory, p))]);
        }
        else
        {
            source.SignalChange();
        }

        _clock.Advance(_quiet);
    }

    private async Task<ManifestDirectorySource> Started()
    {
        var source = new ManifestDirectorySource(new ManifestDirectoryOptions { Directory = _directory, QuietPeriod = _quiet, Watch = false }, _clock);
        source.Changed += (_, model) => _published.Add(model);
        source.Reloaded += _reloads.Add;
        await source.StartAsync();
        return source;
    }

    private static IEnumerable<string> Duplicates(ModelContext model) => model.SourceErrors.Where(e => e.Reason == "Duplicate").Select(e => e.Object.Name);

    private static ServiceModel Named(IEnumerable<ServiceModel> services, string name) => services.Single(s => s.Ref.Name == name);

    private void Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private static string Service(string name, int port) => $$"""
        apiVersion: v1
        kind: Service
        metadata: {name: {{name}}, namespace: shop}
        spec:
          ports:
          - port: {{port}}
        """;

    private static string Slice(string service, string address) => $$"""
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata:
          name: {{service}}-a
          namespace: shop
          labels: {kubernetes.io/service-name: {{service}} }
        addressType: IPv4
        ports:
        - {name: http, port: 8080, protocol: TCP}
        endpoints:
        - addresses: [{{address}}]
          conditions: {ready: true}
        """;
}
