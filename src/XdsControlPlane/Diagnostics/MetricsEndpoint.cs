using XdsControlPlane.Diagnostics.Metrics;

namespace XdsControlPlane.Diagnostics;

/// <summary><c>GET /metrics</c>: Prometheus text exposition of the server's meters.</summary>
public static class MetricsEndpoint
{
    /// <summary>Maps <c>/metrics</c>; needs a <see cref="PrometheusExporter"/> singleton.</summary>
    public static void MapMetrics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/metrics", (PrometheusExporter exporter) => Results.Text(exporter.Collect(), PrometheusExporter.ContentType));
    }
}
