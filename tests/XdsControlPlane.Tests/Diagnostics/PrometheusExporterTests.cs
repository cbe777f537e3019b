using System.Diagnostics.Metrics;
using XdsControlPlane.Diagnostics.Metrics;

namespace XdsControlPlane.Tests.Diagnostics;

/// <summary>The text exposition format written from System.Diagnostics.Metrics instruments.</summary>
public sealed class PrometheusExporterTests
{
    [Test]
    public void WritesCountersGaugesAndHistogramsInTheTextFormat_WithHelpTypeAndCumulativeBuckets()
    {
        var name = "Test.Exporter." + Guid.NewGuid().ToString("N");
        using var exporter = new PrometheusExporter([name]);
        using var meter = new Meter(name);
        var requests = meter.CreateCounter<long>("test_requests", description: "Requests.");
        var inFlight = meter.CreateUpDownCounter<long>("test_in_flight", description: "In flight.");
        meter.CreateObservableGauge("test_gauge", () => new Measurement<long>(7, new KeyValuePair<string, object?>("profile", "p\"1")), description: "A gauge.");
        var latency = meter.CreateHistogram<double>("test_latency_seconds", "s", "Latency.");

        requests.Add(2, new KeyValuePair<string, object?>("type", "CDS"));
        requests.Add(1, new KeyValuePair<string, object?>("type", "CDS"));
        inFlight.Add(3);
        inFlight.Add(-1);
        latency.Record(0.25, new KeyValuePair<string, object?>("type", "EDS"));
        latency.Record(0.5, new KeyValuePair<string, object?>("type", "EDS"));

        var text = exporter.Collect();

        Assert.That(text, Is.EqualTo("""
            # HELP test_gauge A gauge.
            # TYPE test_gauge gauge
            test_gauge{profile="p\"1"} 7
            # HELP test_in_flight In flight.
            # TYPE test_in_flight gauge
            test_in_flight 2
            # HELP test_latency_seconds Latency.
            # TYPE test_latency_seconds histogram
            test_latency_seconds_bucket{type="EDS",le="0.005"} 0
            test_latency_seconds_bucket{type="EDS",le="0.01"} 0
            test_latency_seconds_bucket{type="EDS",le="0.025"} 0
            test_latency_seconds_bucket{type="EDS",le="0.05"} 0
            test_latency_seconds_bucket{type="EDS",le="0.1"} 0
            test_latency_seconds_bucket{type="EDS",le="0.25"} 1
            test_latency_seconds_bucket{type="EDS",le="0.5"} 2
            test_latency_seconds_bucket{type="EDS",le="1"} 2
            test_latency_seconds_bucket{type="EDS",le="2.5"} 2
            test_latency_seconds_bucket{type="EDS",le="5"} 2
            test_latency_seconds_bucket{type="EDS",le="10"} 2
            test_latency_seconds_bucket{type="EDS",le="30"} 2
            test_latency_seconds_bucket{type="EDS",le="+Inf"} 2
            test_latency_seconds_sum{type="EDS"} 0.75
            test_latency_seconds_count{type="EDS"} 2
            # HELP test_requests_total Requests.
            # TYPE test_requests_total counter
            test_requests_total{type="CDS"} 3

            """.Replace("\r\n", "\n", StringComparison.Ordinal)));
    }

    [Test]
    public void ObservableSeriesThatDisappear_AreNotExportedAgain()
    {
        var name = "Test.Exporter." + Guid.NewGuid().ToString("N");
        using var exporter = new PrometheusExporter([name]);
        using var meter = new Meter(name);
        var profiles = new List<string> { "a", "b" };
        meter.CreateObservableGauge("test_profiles", () => profiles.Select(p => new Measurement<int>(1, new KeyValuePair<string, object?>("profile", p))));

        var first = exporter.Collect();
        profiles.Remove("b");
        var second = exporter.Collect();

        Assert.That(first, Does.Contain("test_profiles{profile=\"b\"} 1"));
        Assert.That(second, Does.Contain("test_profiles{profile=\"a\"} 1").And.Not.Contain("profile=\"b\""));
    }

    [Test]
    public void MetersNotAskedFor_AreNotExported()
    {
        using var exporter = new PrometheusExporter(["Test.Exporter.Wanted"]);
        using var other = new Meter("Test.Exporter.Other." + Guid.NewGuid().ToString("N"));
        other.CreateCounter<long>("test_other").Add(1);

        Assert.That(exporter.Collect(), Does.Not.Contain("test_other"));
    }
}
