using XdsControlPlane.Model;
using XdsControlPlane.Sources.Documents;
using XdsControlPlane.Sources.Manifests;
using XdsControlPlane.Sources.Tests.Documents;

namespace XdsControlPlane.Sources.Tests.Manifests;

/// <summary>A file past a bound is an error on that file, with its line; the directory loads (issue 10 D1: it crashed the process at every start).</summary>
public sealed class ManifestBoundsTests
{
    private TempDirectory _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = new TempDirectory("bounds");

    [TearDown]
    public void DeleteDirectory() => _dir.Dispose();

    [Test]
    public void DeeplyNestedFiles_AreErrorsOnThemselves_AndTheOtherFilesLoad()
    {
        _dir.Write("a-flow.yaml", DocumentLimitsTests.FlowNested12000);
        _dir.Write("b-block.yaml", DocumentLimitsTests.BlockNested15000);
        _dir.Write("c-good.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: good, namespace: shop}\nspec: {ports: [{port: 80}]}\n");

        var model = ManifestLoader.Load(_dir.Manifests);

        Assert.That(model.Services.Select(s => s.Ref.Name), Is.EqualTo(new[] { "good" }));
        Assert.That(model.SourceErrors.Select(e => (e.Object, e.Reason)), Is.EqualTo(new[]
        {
            (new ObjectRef("File", "", "a-flow.yaml"), "ParseError"),
            (new ObjectRef("File", "", "b-block.yaml"), "ParseError"),
        }));
        Assert.That(model.SourceErrors[0].Message, Is.EqualTo("invalid YAML at line 4, column 134: nesting is deeper than 128 levels (a-flow.yaml:4)"));
        Assert.That(model.SourceErrors[1].Message, Does.StartWith("invalid YAML at line 5, column ").And.EndWith(": nesting is deeper than 128 levels (b-block.yaml:5)"));
    }

    [Test]
    public void AFileOverTheSizeLimit_IsNotRead_AndIsAnErrorOnTheFile()
    {
        _dir.Write("big.yaml", "# " + new string('x', 300) + "\n");

        var model = new ManifestLoader(_dir.Manifests, new DocumentLimits { MaxFileBytes = 100 }).Reload();

        var error = model.SourceErrors.Single();
        Assert.That((error.Object, error.Reason, error.Message), Is.EqualTo((new ObjectRef("File", "", "big.yaml"), "TooLarge", "the file is 303 bytes, more than the limit of 100; not read")));
    }
}
