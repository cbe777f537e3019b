using XdsControlPlane.Model;
using XdsControlPlane.Sources.Manifests;

namespace XdsControlPlane.Sources.Tests.Manifests;

/// <summary>
/// A broken edit keeps the last good version of what it broke in service (issue 10, D4), with an error naming the file
/// and line and a warning on each kept object; an edit that parses still deletes what it removes.
/// </summary>
public sealed class LastKnownGoodTests
{
    private TempDirectory _dir = null!;
    private ManifestLoader _loader = null!;

    [SetUp]
    public void CreateDirectory()
    {
        _dir = new TempDirectory("lkg");
        _loader = new ManifestLoader(_dir.Manifests);
    }

    [TearDown]
    public void DeleteDirectory() => _dir.Dispose();

    [Test]
    public void AnUnclosedBracketInTheFirstEndpointSlice_KeepsItsEndpoints_AndTheOtherSliceUpdates()
    {
        _dir.Write("endpoints.yaml", Slice("web", "10.0.0.1") + "---\n" + Slice("api", "10.0.1.1"));
        var before = _loader.Reload();

        _dir.Write("endpoints.yaml", Slice("web", "10.0.0.2").Replace("addresses: [10.0.0.2]", "addresses: [10.0.0.2", StringComparison.Ordinal)
            + "---\n" + Slice("api", "10.0.1.2"));
        var model = _loader.Reload();

        Assert.That(Addresses(model), Is.EqualTo(new[] { ("api", "10.0.1.2"), ("web", "10.0.0.1") }), "web as last read, api updated");
        Assert.That(model.EndpointSlices.Single(s => s.ServiceName == "web"), Is.SameAs(before.EndpointSlices.Single(s => s.ServiceName == "web")));
        var parse = model.SourceErrors.Single(e => e.Reason == "ParseError");
        Assert.That((parse.Object, parse.Severity), Is.EqualTo((new ObjectRef("File", "", "endpoints.yaml"), ModelErrorSeverity.Error)));
        Assert.That(parse.Message, Does.StartWith("invalid YAML at line ").And.Contain("(endpoints.yaml:"));
        var kept = model.SourceErrors.Single(e => e.Reason == LastKnownGood.Reason);
        Assert.That((kept.Object, kept.Severity), Is.EqualTo((new ObjectRef("EndpointSlice", "shop", "web-1"), ModelErrorSeverity.Warning)));
        Assert.That(kept.Message, Is.EqualTo($"not updated: its document no longer parses (endpoints.yaml:{parse.Message.Split(' ')[4].TrimEnd(',')}); the last good version (endpoints.yaml:1) stays in service"));
    }

    [Test]
    public void ABrokenEndOfAServicesFile_KeepsTheLastService()
    {
        var text = Service("web", 80) + "---\n" + Service("api", 90);
        _dir.Write("services.yaml", text);
        _loader.Reload();

        _dir.Write("services.yaml", Service("web", 81) + "---\n" + Service("api", 91)[..^12]); // cut inside "ports: [{port: 91}]"
        var model = _loader.Reload();

        Assert.That(Ports(model), Is.EqualTo(new[] { ("api", 90), ("web", 81) }));
        Assert.That(model.SourceErrors.Select(e => (e.Object.Kind, e.Reason)), Is.EquivalentTo(new[] { ("File", "ParseError"), ("Service", LastKnownGood.Reason) }));
    }

    [TestCase(false, TestName = "AFileReplacedByRandomBytes_KeepsAllItsObjects")]
    [TestCase(true, TestName = "AFileReplacedByTextGarbage_KeepsAllItsObjects")]
    public void AFileReplacedByGarbage_KeepsAllItsObjects(bool text)
    {
        _dir.Write("endpoints.yaml", Slice("web", "10.0.0.1") + "---\n" + Slice("api", "10.0.1.1"));
        _loader.Reload();

        var garbage = new byte[4096];
        new Random(10).NextBytes(garbage);
        _dir.Write("endpoints.yaml", text ? "}{ ]: ::\n\t- [x\n---\n%%% @@\n"u8.ToArray() : garbage);
        var model = _loader.Reload();

        Assert.That(Addresses(model), Is.EqualTo(new[] { ("api", "10.0.1.1"), ("web", "10.0.0.1") }));
        Assert.That(model.SourceErrors.Count(e => e.Reason == LastKnownGood.Reason), Is.EqualTo(2));
        Assert.That(model.SourceErrors.Where(e => e.Severity == ModelErrorSeverity.Error).Select(e => e.Object.Kind), Is.All.EqualTo("File"));
    }

    [Test]
    public void AFileReplacedByGarbage_ThenPartlyFixed_KeepsTheObjectOfTheStillBrokenDocument()
    {
        _dir.Write("services.yaml", string.Join("---\n", Service("a", 80), Service("b", 81), Service("c", 82)));
        _loader.Reload();
        _dir.Write("services.yaml", "\0\0garbage\0");
        Assert.That(Ports(_loader.Reload()), Is.EqualTo(new[] { ("a", 80), ("b", 81), ("c", 82) }));

        _dir.Write("services.yaml", string.Join("---\n", Service("a", 90), "kind: [\n", Service("c", 92)));
        var model = _loader.Reload();

        Assert.That(Ports(model), Is.EqualTo(new[] { ("a", 90), ("b", 81), ("c", 92) }));
    }

    [Test]
    public void DeletingAnObjectFromAFileThatParses_DeletesIt()
    {
        _dir.Write("services.yaml", Service("web", 80) + "---\n" + Service("api", 90));
        _loader.Reload();

        _dir.Write("services.yaml", Service("web", 80));
        var model = _loader.Reload();

        Assert.That(Ports(model), Is.EqualTo(new[] { ("web", 80) }));
        Assert.That(model.SourceErrors, Is.Empty);
    }

    [Test]
    public void DeletingAFile_DeletesItsObjects_EvenAfterItWasBroken()
    {
        _dir.Write("services.yaml", Service("web", 80));
        _dir.Write("other.yaml", Service("other", 70));
        _loader.Reload();
        _dir.Write("services.yaml", "kind: [");
        Assert.That(Ports(_loader.Reload()), Is.EqualTo(new[] { ("other", 70), ("web", 80) }));

        File.Delete(Path.Combine(_dir.Manifests, "services.yaml"));
        var model = _loader.Reload();

        Assert.That(Ports(model), Is.EqualTo(new[] { ("other", 70) }));
        Assert.That(model.SourceErrors, Is.Empty);
    }

    [Test]
    public void AnEmptiedFile_DeletesItsObjects()
    {
        _dir.Write("services.yaml", Service("web", 80));
        _loader.Reload();

        _dir.Write("services.yaml", "");

        Assert.That(_loader.Reload().Services, Is.Empty);
    }

    [Test]
    public void AnInvalidNewVersion_KeepsTheLastGood_WithItsErrorsAndAWarning()
    {
        _dir.Write("services.yaml", Service("web", 80));
        _loader.Reload();

        _dir.Write("services.yaml", Service("web", 80).Replace("port: 80", "port: eighty", StringComparison.Ordinal));
        var model = _loader.Reload();

        Assert.That(Ports(model), Is.EqualTo(new[] { ("web", 80) }));
        Assert.That(model.SourceErrors.Select(e => (e.Object, e.Field, e.Severity, e.Reason)), Is.EqualTo(new[]
        {
            (new ObjectRef("Service", "shop", "web"), "", ModelErrorSeverity.Warning, LastKnownGood.Reason),
            (new ObjectRef("Service", "shop", "web"), "spec.ports[0].port", ModelErrorSeverity.Error, "Invalid"),
        }));
        Assert.That(model.SourceErrors[0].Message, Is.EqualTo("not updated: its new version (services.yaml:1) is invalid; the last good version (services.yaml:1) stays in service"));
    }

    [Test]
    public void ABrokenDocumentAndADeletedOne_InTheSameEdit_KeepTheBrokenAndDeleteTheOther()
    {
        string[] names = ["a", "b", "c", "d", "e"];
        _dir.Write("services.yaml", string.Join("---\n", names.Select((n, i) => Service(n, 80 + i))));
        _loader.Reload();

        // b deleted; d broken (its ports left open); a, c, e edited.
        _dir.Write("services.yaml", string.Join("---\n", Service("a", 90), Service("c", 92), Service("d", 93).Replace("}]", "}", StringComparison.Ordinal), Service("e", 94)));
        var model = _loader.Reload();

        Assert.That(Ports(model), Is.EqualTo(new[] { ("a", 90), ("c", 92), ("d", 83), ("e", 94) }));
    }

    [Test]
    public void FixingTheDocument_ServesTheNewVersion_AndClearsTheErrors()
    {
        _dir.Write("services.yaml", Service("web", 80));
        _loader.Reload();
        _dir.Write("services.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: web\n");
        _loader.Reload();

        _dir.Write("services.yaml", Service("web", 81));
        var model = _loader.Reload();

        Assert.That(Ports(model), Is.EqualTo(new[] { ("web", 81) }));
        Assert.That(model.SourceErrors, Is.Empty);
    }

    [Test]
    public void ABrokenFileAtTheFirstLoad_HasNoLastGoodVersion()
    {
        _dir.Write("services.yaml", Service("web", 80) + "---\n" + "kind: [");

        var model = _loader.Reload();

        Assert.That(Ports(model), Is.EqualTo(new[] { ("web", 80) }));
        Assert.That(model.SourceErrors.Select(e => e.Reason), Is.EqualTo(new[] { "ParseError" }));
    }

    [Test]
    public void AFileTooLargeToRead_KeepsItsObjects()
    {
        var loader = new ManifestLoader(_dir.Manifests, new XdsControlPlane.Sources.Documents.DocumentLimits { MaxFileBytes = 200 });
        _dir.Write("services.yaml", Service("web", 80));
        loader.Reload();

        _dir.Write("services.yaml", Service("web", 81) + new string('#', 300));
        var model = loader.Reload();

        Assert.That(Ports(model), Is.EqualTo(new[] { ("web", 80) }));
        Assert.That(model.SourceErrors.Single(e => e.Object.Kind == "File").Message, Does.StartWith("the file is ").And.Contain("more than the limit of 200"));
    }

    private static IEnumerable<(string, string)> Addresses(ModelContext model) =>
        model.EndpointSlices.Select(s => (s.ServiceName, s.Endpoints[0].Addresses[0])).OrderBy(a => a.Item1, StringComparer.Ordinal);

    private static IEnumerable<(string, int)> Ports(ModelContext model) => model.Services.Select(s => (s.Ref.Name, s.Ports[0].Port));

    private static string Service(string name, int port) =>
        $"apiVersion: v1\nkind: Service\nmetadata: {{name: {name}, namespace: shop}}\nspec:\n  ports: [{{port: {port}}}]\n";

    private static string Slice(string service, string address) => $"""
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata:
          name: {service}-1
          namespace: shop
          labels: {"{"}kubernetes.io/service-name: {service}{"}"}
        addressType: IPv4
        endpoints:
        - addresses: [{address}]
        ports: [{"{"}name: http, port: 8080{"}"}]

        """;
}
