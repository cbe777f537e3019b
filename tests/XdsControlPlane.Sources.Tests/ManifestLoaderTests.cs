using XdsControlPlane.Model;

namespace XdsControlPlane.Sources.Tests;

/// <summary>Loading a directory: documents, lists, broken files, bad fields, duplicates, unknown kinds.</summary>
public sealed class ManifestLoaderTests
{
    [Test]
    public void MultiDocumentYaml_JsonObjects_AndLists_AllLoad()
    {
        var model = Assets.Load("multidoc");

        Assert.That(model.SourceErrors, Is.Empty, Assets.Describe(model.SourceErrors));
        Assert.That(model.Services.Select(s => (s.Ref.Name, s.Ports[0].Port)), Is.EqualTo(new[] { ("a", 80), ("b", 81), ("c", 82), ("d", 83) }));
        Assert.That(model.Routes.Select(r => r.Ref), Is.EqualTo(new[] { new ObjectRef("HTTPRoute", "ns", "listed"), new ObjectRef("HTTPRoute", "ns", "r") }));
        Assert.That(model.Routes.Single(r => r.Ref.Name == "r").Rules[0].Backends[0], Is.EqualTo(new BackendRef("Service", "ns", "c", 82, 5)));
        Assert.That(model.NamespaceLabels.Select(n => n.Key), Is.EqualTo(new[] { "ns" }));
    }

    [Test]
    public void BrokenFiles_AreReportedWithFileAndLine_AndEverythingElseLoads()
    {
        var model = Assets.Load("broken");

        Assert.That(model.Services.Select(s => s.Ref.Name), Is.EqualTo(new[] { "after-broken", "good-a", "good-d", "survives" }),
            "the good files, and the good documents of the broken YAML file, still load");
        var errors = model.SourceErrors.Select(e => (e.Object, e.Reason)).ToList();
        Assert.That(errors, Is.EqualTo(new[]
        {
            (new ObjectRef("File", "", "b-broken.yaml"), "ParseError"),
            (new ObjectRef("File", "", "c-broken.json"), "ParseError"),
        }), Assets.Describe(model.SourceErrors));
        Assert.That(model.SourceErrors[0].Message, Is.EqualTo(
            "invalid YAML at line 14, column 3: malformed YAML; the last complete value ends on line 13 (a bracket or quote left open?) (b-broken.yaml:14)"));
        Assert.That(model.SourceErrors[1].Message, Does.StartWith("invalid JSON at line 5, column ").And.EndWith("(c-broken.json:5)"));
    }

    [Test]
    public void ABadField_DropsOnlyItsObject_AndNamesKindNamespaceNameFieldFileAndLine()
    {
        var model = Assets.Load("badfield");

        Assert.That(model.Routes.Select(r => r.Ref.Name), Is.EqualTo(new[] { "good" }));
        var errors = model.SourceErrors.Select(e => e.ToString()).ToList();
        Assert.That(errors, Is.EqualTo(new[]
        {
            "HTTPRoute shop/bad: spec.rules[0].backendRefs[1].weight: must be an integer, got 'heavy' (routes.yaml:14)",
            "HTTPRoute shop/bad: spec.rules[0].timeouts.request: '1.5s' is not " + XdsControlPlane.Sources.Mapping.GatewayDuration.Expected + " (routes.yaml:16)",
            "HTTPRoute shop/invalid: spec.hostnames[0]: 'Not_A_Host' is not a valid hostname (lowercase DNS name, optionally starting with '*.'; no IP addresses) (routes.yaml:37)",
            "HTTPRoute shop/invalid: spec.rules[0].backendRefs[0].weight: must be between 0 and 1000000, got 2000000 (routes.yaml:42)",
        }));
        Assert.That(model.SourceErrors.All(e => e.Severity == ModelErrorSeverity.Error));
    }

    [Test]
    public void DuplicateObjects_KeepTheFirstInPathOrder_AndReportTheSecond()
    {
        var model = Assets.Load("duplicates");

        Assert.That(model.Services.Single().Ports[0].Port, Is.EqualTo(80), "a.yaml comes first; hidden folders and other files are skipped");
        var error = model.SourceErrors.Single();
        Assert.That(error.Object, Is.EqualTo(new ObjectRef("Service", "shop", "web")));
        Assert.That(error.Reason, Is.EqualTo("Duplicate"));
        Assert.That(error.Message, Is.EqualTo("duplicate: Service shop/web is already defined at a.yaml:1; this copy is ignored (b.yaml:5)"));
    }

    [Test]
    public void UnknownKinds_AreWarnedOncePerObject_AndSkipped()
    {
        var model = Assets.Load("unknown");

        Assert.That(model.Services.Select(s => s.Ref.Name), Is.EqualTo(new[] { "known" }));
        Assert.That(model.SourceErrors.Select(e => (e.Object, e.Field, e.Reason, e.Severity)), Is.EqualTo(new[]
        {
            (new ObjectRef("ConfigMap", "shop", "settings"), "kind", "UnsupportedKind", ModelErrorSeverity.Warning),
            (new ObjectRef("TCPRoute", "shop", "tcp"), "kind", "UnsupportedKind", ModelErrorSeverity.Warning),
        }));
        Assert.That(model.SourceErrors[1].Message, Is.EqualTo("gateway.networking.k8s.io/v1beta2 TCPRoute is not a kind this control plane reads; skipped (objects.yaml:7)"));
    }

    [Test]
    public void SecretErrors_NeverQuoteKeyMaterial()
    {
        var model = Assets.Load("redaction");

        Assert.That(model.Secrets, Is.Empty);
        Assert.That(model.SourceErrors.Select(e => (e.Object.Name, e.Field)), Is.EqualTo(new[]
        {
            ("bad-base64", "data[\"tls.crt\"]"), // not a certificate
            ("bad-base64", "data[\"tls.key\"]"),
            ("key-as-list", "stringData[\"tls.crt\"]"), // not a certificate
            ("key-as-list", "stringData[\"tls.key\"]"),
            ("missing-cert", "data[\"tls.crt\"]"),
            ("missing-cert", "stringData[\"tls.key\"]"), // not a PEM key
        }), Assets.Describe(model.SourceErrors));
        foreach (var error in model.SourceErrors)
        {
            Assert.That(error.ToString(), Does.Not.Contain("SUPERSECRET").And.Not.Contain("not-base64"));
        }
    }

    [Test]
    public void LoadingTwice_GivesTheSameContentHash()
    {
        var (first, second) = (Assets.Load("kinds"), Assets.Load("kinds"));
        Assert.That(second.ContentHash, Is.EqualTo(first.ContentHash));
    }

    [Test]
    public void AMissingDirectory_Throws() =>
        Assert.Throws<DirectoryNotFoundException>(() => Assets.Load("no-such-folder"));
}
