using System.Text.Json.Nodes;
using XdsControlPlane.Cli;
using XdsControlPlane.Testing;
using XdsControlPlane.Tests.Support;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Tests.Cli;

/// <summary><c>XdsControlPlane status</c> against an in-process server.</summary>
public sealed class StatusCommandTests
{
    private const string Token = "cli-token";
    private DiagnosticsHost _host = null!;
    private HttpClient _grpc = null!;
    private AdsClient _good = null!;
    private AdsClient _bad = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        _host = await DiagnosticsHost.StartAsync(Token);
        _grpc = GrpcTestCall.CreateClient();
        AdsClient.Publish(_host, AdsClient.Cluster("default/echo:50051"));
        _good = await AdsClient.ConnectAsync(_host, _grpc, "gw-good");
        _bad = await AdsClient.ConnectAsync(_host, _grpc, "gw-bad");
        await _good.AckAsync(await _good.NextAsync(TypeUrls.Cluster));
        await _bad.NackAsync(await _bad.NextAsync(TypeUrls.Cluster), "unsupported lb_policy: MAGLEV; and a message long enough to be cut in the table column");
        await _good.BarrierAsync();
        await _bad.BarrierAsync();
    }

    [OneTimeTearDown]
    public async Task TearDown()
    {
        await _good.DisposeAsync();
        await _bad.DisposeAsync();
        _grpc.Dispose();
        await _host.DisposeAsync();
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CommandLine.RunAsync(["status", "--server", _host.Admin.ToString(), .. args], output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Test]
    public async Task Status_PrintsOneLinePerProxy_WithPerTypeLettersAndTheTruncatedError()
    {
        var (code, output, error) = await RunAsync("--token", Token);

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, error);
            Assert.That(lines[0], Does.Match(@"^NODE\s+PROFILE\s+CLIENT\s+PROTOCOL\s+LDS\s+RDS\s+CDS\s+EDS\s+SDS\s+AGE\s+LAST ERROR$"));
            Assert.That(lines[1], Does.Match(@"^gw-bad\s+default\s+unknown 1\.0\s+sotw/ads\s+-\s+-\s+E\s+-\s+T\s+\d+s\s+unsupported lb_policy: MAGLEV; .{20,}…$"));
            Assert.That(lines[2], Does.Match(@"^gw-good\s+default\s+unknown 1\.0\s+sotw/ads\s+-\s+-\s+S\s+-\s+T\s+\d+s\s*$"));
            Assert.That(lines[1], Does.Not.Contain("table column"), "long errors are truncated");
        });
    }

    [Test]
    public async Task Status_ThenListsWhatClientsReject_TracedToTheSourceObject_WithTheClients()
    {
        var (code, output, error) = await RunAsync("--token", Token);

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = Array.FindIndex(lines, l => l.StartsWith("REJECTED OBJECT", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, error);
            Assert.That(header, Is.GreaterThan(2), output);
            Assert.That(lines[header], Does.Match(@"^REJECTED OBJECT\s+FIELD\s+CLIENTS\s+RESOURCE\s+CLIENT MESSAGE$"));
            Assert.That(lines[header + 1], Does.Match(@"^Service default/echo\s+spec\.ports\[port=50051\]\s+unknown 1\.0 ×1\s+CDS default/echo:50051\s+unsupported lb_policy: MAGLEV; .{20,}…$"));
        });
    }

    [Test]
    public async Task Status_Json_PrintsTheApiRows()
    {
        var (code, output, _) = await RunAsync("--token", Token, "--json", "--status", "ERROR");

        Assert.That(code, Is.Zero);
        Assert.That(JsonNode.Parse(output)!.AsArray().Select(r => (string?)r!["nodeId"]), Is.EqualTo(new[] { "gw-bad" }));
    }

    [Test]
    public async Task Status_WithoutTheToken_FailsWith401()
    {
        var (code, output, error) = await RunAsync();

        Assert.That(code, Is.EqualTo(1));
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.StartWith("401 Unauthorized"));
    }

    [Test]
    public async Task Status_UnknownArgument_IsUsageError()
    {
        var (code, _, error) = await RunAsync("--token", Token, "--wide");

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("unknown argument '--wide'"));
    }
}
