using System.Diagnostics.Metrics;

namespace XdsControlPlane.Sources;

/// <summary>Instruments shared by every source (meter <see cref="MeterName"/>).</summary>
public static class SourceMetrics
{
    /// <summary>The meter's name, for listeners.</summary>
    public const string MeterName = "XdsControlPlane.Sources";

    private static readonly Meter s_meter = new(MeterName);

    /// <summary>
    /// Times a source had to restart its watch after an error (a failed file watcher, a broken or expired
    /// Kubernetes watch), by <c>source</c> (<c>manifests</c>, <c>kubernetes</c>, …). Exported as
    /// <c>xds_source_watch_restarts_total</c>.
    /// </summary>
    public static readonly Counter<long> WatchRestarts = s_meter.CreateCounter<long>("xds_source_watch_restarts",
        description: "Source watches restarted after an error, by source.");

    /// <summary>Counts one restart of <paramref name="source"/>'s watch.</summary>
    public static void WatchRestarted(string source) => WatchRestarts.Add(1, new KeyValuePair<string, object?>("source", source));
}
