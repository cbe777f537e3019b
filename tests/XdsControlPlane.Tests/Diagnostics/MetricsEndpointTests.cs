using System.Globalization;
using System.Text.RegularExpressions;
using XdsControlPlane.Sources;
using XdsControlPlane.Testing;
using XdsControlPlane.Tests.Support;
using XdsControlPlane.Xds.Protocol;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Tests.Diagnostics;

/// <summary><c>GET /metrics</c> over a real xDS server: the instruments are there and move with pushes, ACKs and NACKs.</summary>
public sealed partial class MetricsEndpointTests
{
    // A profile of its own: the xDS meter is process-wide, and other tests' streams must not move these series.
    private const string Profile = "metrics-test";
    private DiagnosticsHost _host = null!;
    private HttpClient _grpc = null!;

    [SetUp]
    public async Task SetUp()
    {
        _host = await DiagnosticsHost.StartAsync();
        _grpc = GrpcTestCall.CreateClient();
    }

    [TearDown]
    public async Task TearDown()
    {
        _grpc.Dispose();
        await _host.DisposeAsync();
    }

    private async Task<string> ScrapeAsync()
    {
        using var response = await _host.Http.GetAsync("metrics");
        var text = await response.Content.ReadAsStringAsync();
        if (text.Length > 0)
        {
            // Before anything was recorded the exporter answers an empty 200 without a content type.
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
            Assert.That(response.Content.Headers.ContentType?.Parameters.Single(p => p.Name == "version").Value, Is.EqualTo("0.0.4"));
        }

        return text;
    }

    private static double Value(string text, string series)
    {
        // The exporter writes an unlabelled series with an empty label set ("name{} 1"), the same series to Prometheus.
        var line = text.Split('\n').Select(l => l.Replace("{} ", " ", StringComparison.Ordinal)).FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }

    private void Publish(params string[] clusters) =>
        _host.Xds.Publish(clusters.SelectMany(AdsClient.Cluster).Concat(AdsClient.BarrierSecrets), Profile);

    [Test]
    public async Task PushesAcksNacksLatencyAndConnectedClients_MoveWithTheProtocol()
    {
        var before = await ScrapeAsync();
        Publish("c0");
        await using var client = await AdsClient.ConnectAsync(_host, _grpc, "metrics-node", Profile);
        await client.AckAsync(await client.NextAsync(TypeUrls.Cluster));
        await client.BarrierAsync();
        Publish("c1");
        await client.AckAsync(await client.NextAsync(TypeUrls.Cluster));
        await client.BarrierAsync();
        Publish("c1", "c2");
        await client.NackAsync(await client.NextAsync(TypeUrls.Cluster), "rejected for the test");
        await client.BarrierAsync();

        var after = await ScrapeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(Value(after, """xds_connected_clients{profile="metrics-test",type="CDS"}"""), Is.EqualTo(1));
            Assert.That(Value(after, """xds_pushes_total{type="CDS"}""") - Value(before, """xds_pushes_total{type="CDS"}"""), Is.GreaterThanOrEqualTo(2));
            Assert.That(Value(after, """xds_acks_total{type="CDS"}""") - Value(before, """xds_acks_total{type="CDS"}"""), Is.GreaterThanOrEqualTo(1));
            Assert.That(Value(after, """xds_nacks_total{type="CDS"}""") - Value(before, """xds_nacks_total{type="CDS"}"""), Is.GreaterThanOrEqualTo(1));
            Assert.That(Value(after, """xds_push_ack_latency_seconds_count{type="CDS"}""") - Value(before, """xds_push_ack_latency_seconds_count{type="CDS"}"""),
                Is.GreaterThanOrEqualTo(1), "the ACK of a push caused by a publish is measured");
            Assert.That(Value(after, """xds_push_ack_latency_seconds_bucket{type="CDS",le="+Inf"}"""),
                Is.EqualTo(Value(after, """xds_push_ack_latency_seconds_count{type="CDS"}""")));
            Assert.That(Value(after, """xds_resources{profile="metrics-test",type="CDS"}"""), Is.EqualTo(2));
            Assert.That(Value(after, """xds_resources{profile="metrics-test",type="SDS"}"""), Is.EqualTo(8));
            Assert.That(after, Does.Contain("# TYPE xds_pushes_total counter\n").And.Contain("# TYPE xds_push_ack_latency_seconds histogram\n")
                .And.Contain("# TYPE xds_connected_clients gauge\n").And.Contain("# HELP xds_nacks_total "));
        });
    }

    [Test]
    public async Task ConnectedClients_DropWhenTheStreamCloses()
    {
        var client = await AdsClient.ConnectAsync(_host, _grpc, "leaving-node", Profile);
        Publish("c1");
        await client.NextAsync(TypeUrls.Cluster);
        Assert.That(Value(await ScrapeAsync(), """xds_connected_clients{profile="metrics-test",type="CDS"}"""), Is.EqualTo(1));

        await client.DisposeAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (_host.Xds.Ledger.Count > 0)
        {
            // The server notices the closed stream asynchronously; the ledger entry goes with it.
            await Task.Delay(10, cts.Token);
        }

        Assert.That(await ScrapeAsync(), Does.Not.Contain("""xds_connected_clients{profile="metrics-test","""), "the series leaves with its last client");
    }

    [Test]
    public async Task CompileDuration_AndSourceWatchRestarts_AreExported()
    {
        var before = await ScrapeAsync();
        _host.Reconciler.Apply(Model.ModelContext.Empty);
        SourceMetrics.WatchRestarted("metrics-test-source");

        var after = await ScrapeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(Value(after, "xds_compile_duration_seconds_count") - Value(before, "xds_compile_duration_seconds_count"), Is.EqualTo(1));
            Assert.That(Value(after, """xds_source_watch_restarts_total{source="metrics-test-source"}"""), Is.EqualTo(1));
            Assert.That(HelpAndType().Matches(after).Select(m => m.Groups[1].Value), Is.SupersetOf(new[]
            {
                "xds_compile_duration_seconds", "xds_source_watch_restarts_total", "xds_resources",
            }));
        });
    }

    [GeneratedRegex(@"^# TYPE (\S+) (?:counter|gauge|histogram)$", RegexOptions.Multiline)]
    private static partial Regex HelpAndType();
}
