using Serilog.Extensions.Logging;
using XdsControlPlane.Logging;
using XdsControlPlane.Testing;
using XdsControlPlane.Tests.Support;
using XdsControlPlane.Xds.Protocol;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Tests.Logging;

/// <summary>Structured logs of pushes, ACKs and NACKs, as JSON, with node and version as properties.</summary>
public sealed class SerilogSetupTests
{
    private static async Task<IReadOnlyList<System.Text.Json.Nodes.JsonObject>> PushAckAndNackAsync(LoggingOptions options)
    {
        var sink = new JsonLinesSink();
        using var logger = SerilogSetup.Create(options, sink);
        using var loggers = new SerilogLoggerFactory(logger);
        await using (var server = await TestXdsServer.StartAsync(loggers: loggers))
        {
            using var http = GrpcTestCall.CreateClient();
            server.Publish([XdsResource.Create(Resources.Cluster("c1")), XdsResource.Create(Resources.Endpoints("c1", ("127.0.0.1", 1)))]);
            await using var ads = await SotwTestStream.OpenAsync(http, server.Address, XdsServices.AggregatedSotw);
            await ads.RequestAsync(TypeUrls.Cluster, node: SotwTestStream.TestNode("log-node"));
            var first = await ads.NextAsync("CDS");
            await ads.RequestAsync(TypeUrls.Cluster, ackOf: first);
            await ads.RequestAsync(TypeUrls.ClusterLoadAssignment, ["c1"]);
            await ads.NextAsync("EDS, after the ACK was handled");
            server.Publish([XdsResource.Create(Resources.Cluster("c1", Envoy.Config.Cluster.V3.Cluster.Types.LbPolicy.Maglev)), XdsResource.Create(Resources.Endpoints("c1", ("127.0.0.1", 1))),
                XdsResource.Create(Resources.Secret("s"))]);
            var second = await ads.NextAsync("CDS with MAGLEV");
            await ads.NackAsync(second, first.VersionInfo, "unsupported lb_policy: MAGLEV");
            await ads.RequestAsync(TypeUrls.Secret, []);
            await ads.NextAsync("SDS wildcard, after the NACK was handled");
        }

        return sink.Events;
    }

    [Test]
    public async Task Json_PushesAcksAndNacks_CarryNodeTypeAndVersionAsProperties()
    {
        var events = await PushAckAndNackAsync(new LoggingOptions { Format = "json" });

        var push = events.First(e => ((string?)e["MessageTemplate"])!.StartsWith("push", StringComparison.Ordinal));
        var ack = events.First(e => ((string?)e["MessageTemplate"])!.StartsWith("ACK", StringComparison.Ordinal));
        var nack = events.Single(e => ((string?)e["MessageTemplate"])!.StartsWith("NACK", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That((string?)push["Level"], Is.EqualTo("Information"));
            Assert.That((string?)push["Properties"]!["NodeId"], Is.EqualTo("log-node"));
            Assert.That((string?)push["Properties"]!["Type"], Is.EqualTo("CDS"));
            Assert.That((int?)push["Properties"]!["Count"], Is.EqualTo(1));
            Assert.That((string?)push["Properties"]!["Version"], Is.Not.Empty);
            Assert.That((string?)push["RenderedMessage"], Does.Contain("log-node"));
            Assert.That((string?)ack["Level"], Is.EqualTo("Information"), "the first ACK of a version");
            Assert.That((string?)ack["Properties"]!["Version"], Is.EqualTo((string?)push["Properties"]!["Version"]));
            Assert.That((string?)ack["Properties"]!["NodeId"], Is.EqualTo("log-node"));
            Assert.That((string?)nack["Level"], Is.EqualTo("Warning"));
            Assert.That((string?)nack["Properties"]!["Error"], Is.EqualTo("unsupported lb_policy: MAGLEV"));
            Assert.That((string?)nack["Properties"]!["NodeId"], Is.EqualTo("log-node"));
            Assert.That((string?)nack["Properties"]!["SourceContext"], Does.StartWith("XdsControlPlane.Xds"));
            Assert.That(events.Select(e => e.ToJsonString()), Has.None.Contains("connectTimeout").And.None.Contains("edsClusterConfig"), "no resource bodies");
        });
    }

    [Test]
    public async Task CategoryOverride_DropsPushesAndAcks_KeepsNacks()
    {
        var options = new LoggingOptions { Format = "json", Levels = { ["XdsControlPlane.Xds"] = "Warning" } };

        var events = await PushAckAndNackAsync(options);

        Assert.That(events.Where(e => ((string?)e["Properties"]?["SourceContext"])?.StartsWith("XdsControlPlane.Xds", StringComparison.Ordinal) == true)
            .Select(e => ((string?)e["MessageTemplate"])!.Split(' ')[0]), Is.EqualTo(new[] { "NACK" }));
    }

    [Test]
    public void UnknownFormat_IsRefusedNamingTheOption() =>
        Assert.That(() => SerilogSetup.Create(new LoggingOptions { Format = "xml" }), Throws.ArgumentException.With.Message.Contains("--log-format"));

    [Test]
    public void UnknownLevel_IsRefusedNamingTheCategory() =>
        Assert.That(() => SerilogSetup.Create(new LoggingOptions { Levels = { ["XdsControlPlane.Xds"] = "loud" } }),
            Throws.ArgumentException.With.Message.Contains("Logging:Levels:XdsControlPlane.Xds"));
}
