using System.Diagnostics.Metrics;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Diagnostics.Metrics;

/// <summary>
/// Instruments of the host (meter <see cref="MeterName"/>): compile duration and resources per profile and type.
/// One per store; disposing it retires its instruments.
/// </summary>
internal sealed class HostMetrics : IDisposable
{
    /// <summary>The meter's name, for listeners.</summary>
    public const string MeterName = "XdsControlPlane";

    private readonly Meter _meter = new(MeterName);
    private readonly Histogram<double> _compile;

    /// <summary>Creates the instruments; <paramref name="store"/> is read at every collection for <c>xds_resources</c>.</summary>
    public HostMetrics(ISnapshotStore store)
    {
        _compile = _meter.CreateHistogram<double>("xds_compile_duration_seconds", "s",
            "Time to compile a model into snapshots: compile, check, serialize and publish.");
        _meter.CreateObservableGauge("xds_resources", () => Resources(store), description: "Resources in the current snapshot, by profile and type.");
    }

    /// <summary>Records one model compilation.</summary>
    public void Compiled(TimeSpan duration) => _compile.Record(duration.TotalSeconds);

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    private static IEnumerable<Measurement<long>> Resources(ISnapshotStore store)
    {
        foreach (var profile in store.Profiles.Order(StringComparer.Ordinal))
        {
            if (store.Get(profile) is not { } snapshot)
            {
                continue;
            }

            foreach (var typeUrl in TypeUrls.PushOrder)
            {
                yield return new Measurement<long>(snapshot[typeUrl].Count,
                    new KeyValuePair<string, object?>("profile", profile), new KeyValuePair<string, object?>("type", TypeUrls.ShortName(typeUrl)));
            }
        }
    }
}
