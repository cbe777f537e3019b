using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using XdsControlPlane.Diagnostics;
using XdsControlPlane.Diagnostics.Metrics;

namespace XdsControlPlane.Tests.Diagnostics;

/// <summary>
/// What the exporter (OpenTelemetry's Prometheus exporter, configured by <see cref="MetricsExport"/>) makes of
/// System.Diagnostics.Metrics instruments, scraped over HTTP as Prometheus does: the names, types, labels and buckets
/// the dashboards rely on.
/// </summary>
public sealed class MetricsExportTests
{
    private static async Task<(WebApplication App, HttpClient Http)> StartAsync(string meterName)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton(_ => new MetricsExport([meterName]));
        var app = builder.Build();
        app.MapMetrics();
        await app.StartAsync();
        return (app, new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) });
    }

    private static async Task<string> ScrapeAsync(string meterName, Action before)
    {
        var (app, http) = await StartAsync(meterName);
        await using (app)
        using (http)
        {
            before();
            using var response = await http.GetAsync("metrics");
            var text = await response.Content.ReadAsStringAsync();
            if (text.Length > 0)
            {
                // With nothing recorded the exporter answers an empty 200 without a content type.
                Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
                Assert.That(response.Content.Headers.ContentType?.Parameters.Single(p => p.Name == "version").Value, Is.EqualTo("0.0.4"));
            }

            return text;
        }
    }

    // Sample lines (name, labels, value: no timestamp), HELP and TYPE comments.
    private static string[] Lines(string text) =>
        [.. text.Split('\n').Where(l => l.Length > 0 && (!l.StartsWith('#') || l.StartsWith("# HELP", StringComparison.Ordinal) || l.StartsWith("# TYPE", StringComparison.Ordinal)))
            .Select(l => l.StartsWith('#') ? l : string.Join(' ', l.Split(' ').Take(2)))];

    [Test]
    public async Task CountersGaugesAndHistograms_KeepTheirNamesTypesLabelsAndBuckets()
    {
        var name = "Test.Exporter." + Guid.NewGuid().ToString("N");
        using var meter = new Meter(name);
        var requests = meter.CreateCounter<long>("test_requests", description: "Requests.");
        var inFlight = meter.CreateUpDownCounter<long>("test_in_flight", description: "In flight.");
        meter.CreateObservableGauge("test_gauge", () => new Measurement<long>(7, new KeyValuePair<string, object?>("profile", "p\"1")), description: "A gauge.");
        var latency = meter.CreateHistogram<double>("test_latency_seconds", "s", "Latency.");

        var text = await ScrapeAsync(name, () =>
        {
            requests.Add(2, new KeyValuePair<string, object?>("type", "CDS"));
            requests.Add(1, new KeyValuePair<string, object?>("type", "CDS"));
            inFlight.Add(3);
            inFlight.Add(-1);
            latency.Record(0.25, new KeyValuePair<string, object?>("type", "EDS"));
            latency.Record(0.5, new KeyValuePair<string, object?>("type", "EDS"));
        });

        Assert.That(Lines(text), Is.SupersetOf(new[]
        {
            "# TYPE test_gauge gauge",
            "# HELP test_gauge A gauge.",
            "test_gauge{profile=\"p\\\"1\"} 7",
            "# TYPE test_in_flight gauge",
            "test_in_flight{} 2", // an empty label set: the same series as "test_in_flight 2" to Prometheus
            "# TYPE test_latency_seconds histogram",
            "test_latency_seconds_bucket{type=\"EDS\",le=\"0.1\"} 0",
            "test_latency_seconds_bucket{type=\"EDS\",le=\"0.25\"} 1",
            "test_latency_seconds_bucket{type=\"EDS\",le=\"0.5\"} 2",
            "test_latency_seconds_bucket{type=\"EDS\",le=\"30\"} 2",
            "test_latency_seconds_bucket{type=\"EDS\",le=\"+Inf\"} 2",
            "test_latency_seconds_sum{type=\"EDS\"} 0.75",
            "test_latency_seconds_count{type=\"EDS\"} 2",
            "# TYPE test_requests_total counter",
            "# HELP test_requests_total Requests.",
            "test_requests_total{type=\"CDS\"} 3",
        }), text);
        Assert.That(text, Does.Not.Contain("otel_scope").And.Not.Contain("target_info"), "no labels or series beyond the instruments'");
    }

    [Test]
    public async Task ObservableSeriesThatDisappear_AreNotExportedAgain()
    {
        var name = "Test.Exporter." + Guid.NewGuid().ToString("N");
        using var meter = new Meter(name);
        var profiles = new List<string> { "a", "b" };
        meter.CreateObservableGauge("test_profiles", () => profiles.Select(p => new Measurement<int>(1, new KeyValuePair<string, object?>("profile", p))));
        var (app, http) = await StartAsync(name);
        await using var _ = app;
        using var __ = http;

        var first = Lines(await http.GetStringAsync("metrics"));
        profiles.Remove("b");
        var second = Lines(await http.GetStringAsync("metrics"));

        Assert.That(first, Does.Contain("test_profiles{profile=\"b\"} 1"));
        Assert.That(second, Does.Contain("test_profiles{profile=\"a\"} 1").And.None.Contains("profile=\"b\""));
    }

    [Test]
    public async Task MetersNotAskedFor_AreNotExported()
    {
        using var other = new Meter("Test.Exporter.Other." + Guid.NewGuid().ToString("N"));
        var counter = other.CreateCounter<long>("test_other");

        Assert.That(await ScrapeAsync("Test.Exporter.Wanted", () => counter.Add(1)), Does.Not.Contain("test_other"));
    }
}
