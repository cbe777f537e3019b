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

        // Compact JSON: @m the rendered message, @l the level (left out for Information), properties at the top level.
        var push = events.First(e => Message(e).StartsWith("push", StringComparison.Ordinal));
        var ack = events.First(e => Message(e).StartsWith("ACK", StringComparison.Ordinal));
        var nack = events.Single(e => Message(e).StartsWith("NACK", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(Level(push), Is.EqualTo("Information"));
            Assert.That((string?)push["NodeId"], Is.EqualTo("log-node"));
            Assert.That((string?)push["Type"], Is.EqualTo("CDS"));
            Assert.That((int?)push["Count"], Is.EqualTo(1));
            Assert.That((string?)push["Version"], Is.Not.Empty);
            Assert.That(Message(push), Does.Contain("log-node"));
            Assert.That((string?)push["@t"], Is.Not.Empty);
            Assert.That(Level(ack), Is.EqualTo("Information"), "the first ACK of a version");
            Assert.That((string?)ack["Version"], Is.EqualTo((string?)push["Version"]));
            Assert.That((string?)ack["NodeId"], Is.EqualTo("log-node"));
            Assert.That(Level(nack), Is.EqualTo("Warning"));
            Assert.That((string?)nack["Error"], Is.EqualTo("unsupported lb_policy: MAGLEV"));
            Assert.That((string?)nack["NodeId"], Is.EqualTo("log-node"));
            Assert.That((string?)nack["SourceContext"], Does.StartWith("XdsControlPlane.Xds"));
            Assert.That(events.Select(e => e.ToJsonString()), Has.None.Contains("connectTimeout").And.None.Contains("edsClusterConfig"), "no resource bodies");
        });
    }

    [Test]
    public async Task CategoryOverride_DropsPushesAndAcks_KeepsNacks()
    {
        var options = new LoggingOptions { Format = "json", Levels = { ["XdsControlPlane.Xds"] = "Warning" } };

        var events = await PushAckAndNackAsync(options);

        Assert.That(events.Where(e => ((string?)e["SourceContext"])?.StartsWith("XdsControlPlane.Xds", StringComparison.Ordinal) == true)
            .Select(e => Message(e).Split(' ')[0]), Is.EqualTo(new[] { "NACK" }));
    }

    private static string Message(System.Text.Json.Nodes.JsonObject e) => (string?)e["@m"] ?? "";

    private static string Level(System.Text.Json.Nodes.JsonObject e) => (string?)e["@l"] ?? "Information";

    [Test]
    public void UnknownFormat_IsRefusedNamingTheOption() =>
        Assert.That(() => SerilogSetup.Create(new LoggingOptions { Format = "xml" }), Throws.ArgumentException.With.Message.Contains("--log-format"));

    [Test]
    public void UnknownLevel_IsRefusedNamingTheCategory() =>
        Assert.That(() => SerilogSetup.Create(new LoggingOptions { Levels = { ["XdsControlPlane.Xds"] = "loud" } }),
            Throws.ArgumentException.With.Message.Contains("Logging:Levels:XdsControlPlane.Xds"));
}
