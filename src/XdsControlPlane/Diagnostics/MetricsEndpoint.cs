using XdsControlPlane.Diagnostics.Metrics;

namespace XdsControlPlane.Diagnostics;

/// <summary><c>GET /metrics</c>: Prometheus text exposition of the server's meters.</summary>
public static class MetricsEndpoint
{
    /// <summary>Maps <c>/metrics</c>; needs a <see cref="MetricsExport"/> singleton.</summary>
    public static void MapMetrics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var export = app.Services.GetRequiredService<MetricsExport>();
        app.MapPrometheusScrapingEndpoint("/metrics", export.Provider, configureBranchedPipeline: null, optionsName: null);
    }
}
