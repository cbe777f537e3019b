using System.Text.Json.Nodes;
using XdsControlPlane.Cli;
using XdsControlPlane.Model;
using XdsControlPlane.Tests.Support;

namespace XdsControlPlane.Tests.Cli;

/// <summary><c>XdsControlPlane errors</c> against an in-process server whose model carries source errors.</summary>
public sealed class ErrorsCommandTests
{
    private DiagnosticsHost _host = null!;

    [SetUp]
    public async Task SetUp() => _host = await DiagnosticsHost.StartAsync();

    [TearDown]
    public async Task TearDown() => await _host.DisposeAsync();

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CommandLine.RunAsync(["errors", "--server", _host.Admin.ToString(), .. args], output, error);
        return (code, output.ToString(), error.ToString());
    }

    private void ApplyModelWithErrors() => _host.Reconciler.Apply(ModelContext.Create([], [], [], [], [], [],
    [
        new ModelError(new ObjectRef("HTTPRoute", "default", "web"), "spec.rules[0].backendRefs[0].port", "is required for a Service backend (routes.yaml:12)"),
        new ModelError(new ObjectRef("GatewayClass", "", "other"), "spec.controllerName", "names another controller", "NotOurs") { Severity = ModelErrorSeverity.Warning },
    ], []));

    [Test]
    public async Task Errors_PrintsOneAlignedLinePerError_AndWarningsOnlyWhenAsked()
    {
        ApplyModelWithErrors();

        var (code, output, error) = await RunAsync();
        var (_, withWarnings, _) = await RunAsync("--warnings");

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, error);
            Assert.That(lines, Has.Length.EqualTo(2));
            Assert.That(lines[0], Does.Match(@"^SEVERITY\s+OBJECT\s+FIELD\s+MESSAGE$"));
            Assert.That(lines[1], Does.Match(@"^Error\s+HTTPRoute default/web\s+spec\.rules\[0\]\.backendRefs\[0\]\.port\s+is required for a Service backend \(routes\.yaml:12\) \(Invalid\)$"));
            Assert.That(lines[1].IndexOf("spec.", StringComparison.Ordinal), Is.EqualTo(lines[0].IndexOf("FIELD", StringComparison.Ordinal)), "columns align");
            Assert.That(withWarnings, Does.Contain("Warning   GatewayClass other").And.Contain("names another controller (NotOurs)"));
        });
    }

    [Test]
    public async Task Errors_WithNone_PrintsNothingOnStdout_AndSaysSoOnStderr()
    {
        var (code, output, error) = await RunAsync();

        Assert.That((code, output, error), Is.EqualTo((0, "", "no errors\n")));
    }

    [Test]
    public async Task Errors_Json_IsTheApiAnswer()
    {
        ApplyModelWithErrors();

        var (_, output, _) = await RunAsync("--json");

        var objects = JsonNode.Parse(output)!.AsArray();
        Assert.That(objects.Select(o => (string)o!["name"]!), Is.EquivalentTo(new[] { "web", "other" }));
    }

    [Test]
    public async Task Errors_WithAnUnknownArgument_IsAUsageError()
    {
        var (code, _, error) = await RunAsync("--verbose");

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("unknown argument '--verbose'").And.Contain("usage: errors"));
    }
}
