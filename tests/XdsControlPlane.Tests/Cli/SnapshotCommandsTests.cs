using XdsControlPlane.Cli;
using XdsControlPlane.Tests.Support;

namespace XdsControlPlane.Tests.Cli;

/// <summary>The <c>snapshots</c>, <c>diff</c>, <c>pin</c> and <c>unpin</c> commands against an in-process server.</summary>
public sealed class SnapshotCommandsTests
{
    private SnapshotApiHost _host = null!;
    private string _data = null!;

    [SetUp]
    public async Task StartHost()
    {
        _data = Directory.CreateTempSubdirectory("xds-cli-").FullName;
        _host = await SnapshotApiHost.StartAsync(_data);
    }

    [TearDown]
    public async Task StopHost()
    {
        await _host.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Test]
    public async Task Snapshots_PrintsATableNewestFirst_WithCountsCausesAndTheCurrentMarker()
    {
        _host.Reconciler.Apply(TestModels.Model(1));
        _host.Reconciler.Apply(TestModels.Model(2, port: 8081));
        var (newest, oldest) = (_host.Reconciler.History[0].Version, _host.Reconciler.History[1].Version);

        var (code, output, _) = await RunAsync("snapshots", "--limit", "5");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero);
            Assert.That(lines[0], Does.Contain("VERSION").And.Contain("GEN").And.Contain("CDS").And.Contain("CAUSES"));
            Assert.That(lines[1], Does.StartWith("*  " + newest).And.Contain("~EndpointSlice default/echo-1"));
            Assert.That(lines[2], Does.StartWith("   " + oldest).And.Contain("+Service default/echo").And.Contain("(+3 more)"));
        });
    }

    [TestCase("--limit")]
    [TestCase("--limit", "x")]
    public async Task Snapshots_WithBadArguments_PrintsUsageAndExits2(params string[] args)
    {
        var (code, _, error) = await RunAsync(["snapshots", .. args]);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("usage"));
    }

    [Test]
    public async Task Diff_PrintsChangesPerProfileAndType_WithFieldPaths()
    {
        _host.Reconciler.Apply(TestModels.Model(1));
        var a = _host.Reconciler.Latest!.Version;
        _host.Reconciler.Apply(TestModels.Model(2, port: 8081, withExtraService: true));

        var (code, output, _) = await RunAsync("diff", a, "current");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero);
            Assert.That(output, Does.Contain("profile proxyless\n  LDS\n    + extra.default.svc:50051\n").And.Contain("  CDS\n    + default/extra:50051\n"));
            Assert.That(output, Does.Contain("    ~ default/echo:50051 ("));
            Assert.That(output, Does.Contain("        ~ endpoints[0].lbEndpoints[0].endpoint.address.socketAddress.portValue: 8080 -> 8081"));
        });
    }

    [Test]
    public async Task Diff_OfAnUnknownVersion_ReportsTheServersAnswerAndExits1()
    {
        _host.Reconciler.Apply(TestModels.Model(1));
        Assume.That(_host.Reconciler.Latest!.Version, Is.Not.EqualTo("ffffffffffffffff"));

        var (code, _, error) = await RunAsync("diff", "ffffffffffffffff", "current");

        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.StartWith("404").And.Contain("ffffffffffffffff"));
    }

    [Test]
    public async Task PinThenUnpin_HoldsAndReleasesTheServer()
    {
        _host.Reconciler.Apply(TestModels.Model(1));
        var a = _host.Reconciler.Latest!.Version;
        _host.Reconciler.Apply(TestModels.Model(2, port: 8081));

        var (pinCode, pinOutput, _) = await RunAsync("pin", a[..8]);
        var pinned = _host.Reconciler.Pinned?.Snapshot.Version;
        var (_, table, _) = await RunAsync("snapshots");
        var (unpinCode, unpinOutput, _) = await RunAsync("unpin");

        Assert.Multiple(() =>
        {
            Assert.That(pinCode, Is.Zero);
            Assert.That(pinOutput, Does.StartWith($"pinned {a} (generation 1)"));
            Assert.That(pinned, Is.EqualTo(a));
            Assert.That(table.Split('\n')[2], Does.StartWith("*P " + a));
            Assert.That(unpinCode, Is.Zero);
            Assert.That(unpinOutput, Does.StartWith("unpinned"));
            Assert.That(_host.Reconciler.Pinned, Is.Null);
        });
    }

    [Test]
    public async Task Pin_WithoutAVersion_PrintsUsageAndExits2()
    {
        var (code, _, error) = await RunAsync("pin");

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("usage: pin VERSION"));
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CommandLine.RunAsync([.. args, "--server", _host.Address.ToString()], output, error);
        return (code, output.ToString().Replace("\r\n", "\n", StringComparison.Ordinal), error.ToString());
    }
}
