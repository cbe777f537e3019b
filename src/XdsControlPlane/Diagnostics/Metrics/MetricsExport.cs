using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace XdsControlPlane.Diagnostics.Metrics;

/// <summary>
/// The server's meters exported in the Prometheus text format by OpenTelemetry's Prometheus exporter
/// (OpenTelemetry.Exporter.Prometheus.AspNetCore) over the same System.Diagnostics.Metrics instruments: the names are
/// the instruments' (counters get <c>_total</c>), no scope labels or <c>target_info</c>, no response cache (a scrape
/// sees every recording before it), histograms with <see cref="Bounds"/>. Observable series that a callback stops
/// reporting are not exported again, which is how per-profile series leave with their last client.
/// </summary>
internal sealed class MetricsExport : IDisposable
{
    /// <summary>Bucket upper bounds (seconds) of every histogram: publish-to-ACK latency and compile time both fit.</summary>
    public static readonly double[] Bounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    /// <summary>Content type of the exposition when the scraper asks for no other format.</summary>
    public const string ContentType = "text/plain; charset=utf-8; version=0.0.4";

    /// <summary>Starts listening to the meters named <paramref name="meters"/>.</summary>
    public MetricsExport(IReadOnlyCollection<string> meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        Provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter([.. meters])
            .AddView(instrument => IsHistogram(instrument) ? new ExplicitBucketHistogramConfiguration { Boundaries = Bounds } : null)
            .AddPrometheusExporter(options =>
            {
                options.ScrapeResponseCacheDurationMilliseconds = 0;
                options.ScopeInfoEnabled = false;
                options.TargetInfoEnabled = false;
            })
            .Build();
    }

    /// <summary>The meter provider the <c>/metrics</c> endpoint reads.</summary>
    public MeterProvider Provider { get; }

    /// <inheritdoc />
    public void Dispose() => Provider.Dispose();

    private static bool IsHistogram(Instrument instrument) =>
        instrument.GetType() is { IsGenericType: true } type && type.GetGenericTypeDefinition() == typeof(Histogram<>);
}
