using Serilog.Extensions.Logging;
using XdsControlPlane.Logging;
using XdsControlPlane.Testing;
using XdsControlPlane.Tests.Support;
using XdsControlPlane.Xds.Protocol;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Tests.Logging;

/// <summary>
/// Issue 10 D6 with the exact inputs: a node id carrying a forged log line and ANSI escapes, and a 1 MB NACK message,
/// sent by a real xDS stream; the host's logger (text and JSON) writes each event on one line, escaped and bounded.
/// </summary>
public sealed class ClientTextInLogsTests
{
    private const string ForgedNodeId = "victim\n16:00:00 ERR FAKE: control plane compromised\u001b[2J\u001b[31m";
    private static readonly string s_megabyteNack = "bad config " + new string('x', 1024 * 1024);

    private static async Task<JsonLinesSink> StreamAsync(string format)
    {
        var sink = new JsonLinesSink(format);
        using var logger = SerilogSetup.Create(new LoggingOptions { Format = format }, sink);
        using var loggers = new SerilogLoggerFactory(logger);
        await using var server = await TestXdsServer.StartAsync(loggers: loggers);
        using var http = GrpcTestCall.CreateClient();
        server.Publish([XdsResource.Create(Resources.Cluster("c1")), XdsResource.Create(Resources.Endpoints("c1", ("127.0.0.1", 1)))]);
        await using var ads = await SotwTestStream.OpenAsync(http, server.Address, XdsServices.AggregatedSotw);
        await ads.RequestAsync(TypeUrls.Cluster, node: SotwTestStream.TestNode(ForgedNodeId));
        var first = await ads.NextAsync("CDS");
        await ads.NackAsync(first, "", s_megabyteNack);
        await ads.RequestAsync(TypeUrls.ClusterLoadAssignment, ["c1"]);
        await ads.NextAsync("EDS, after the NACK was handled");
        return sink;
    }

    [Test]
    public async Task Text_NodeIdAndNackMessage_StayOnTheirLine_EscapedAndCut()
    {
        var output = (await StreamAsync("text")).Output;
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.None.StartsWith("16:00:00 ERR FAKE"), "no forged line");
            Assert.That(output, Does.Not.Contain("\u001b"), "no raw escape character reaches the terminal");
            Assert.That(output, Does.Contain("victim\\n16:00:00 ERR FAKE: control plane compromised\\u001B[2J\\u001B[31m"), "the node id, escaped");
            Assert.That(output, Does.Contain("…(+"), "the NACK message is cut with a marker");
            Assert.That(lines.Max(l => l.Length), Is.LessThan(4096), "no megabyte lines");
            Assert.That(lines, Has.All.Match(@"^\d\d:\d\d:\d\d (VRB|DBG|INF|WRN|ERR|FTL) "), "every line is an event of its own");
        });
    }

    [Test]
    public async Task Json_NodeIdAndNackMessage_AreEscapedAndCut()
    {
        var events = (await StreamAsync("json")).Events;
        var nack = events.Single(e => ((string?)e["@m"])?.StartsWith("NACK", StringComparison.Ordinal) == true);

        Assert.Multiple(() =>
        {
            Assert.That((string?)nack["NodeId"], Is.EqualTo("victim\\n16:00:00 ERR FAKE: control plane compromised\\u001B[2J\\u001B[31m"));
            Assert.That((string?)nack["Error"], Is.EqualTo(s_megabyteNack[..LogValues.MaxLength] + $"…(+{s_megabyteNack.Length - LogValues.MaxLength} chars)"));
            Assert.That(events.Select(e => e.ToJsonString().Length), Has.All.LessThan(8192), "no megabyte events");
        });
    }
}
