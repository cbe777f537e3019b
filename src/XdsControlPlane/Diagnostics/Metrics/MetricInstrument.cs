using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace XdsControlPlane.Diagnostics.Metrics;

/// <summary>What the exporter keeps of one instrument: its Prometheus name and type, and its series by label values.</summary>
internal sealed class MetricInstrument
{
    /// <summary>Bucket upper bounds (seconds) of every histogram: publish-to-ACK latency and compile time both fit.</summary>
    public static readonly IReadOnlyList<double> Bounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    // Series are keyed by up to three label values, in the order the instrument reports them, so finding the series of
    // a measurement allocates nothing; only a new label combination creates one.
    private readonly ConcurrentDictionary<(string?, string?, string?), MetricSeries> _series = new();

    public MetricInstrument(Instrument instrument)
    {
        Instrument = instrument;
        var type = instrument.GetType();
        var generic = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        (Type, Observable, Cumulative) = generic switch
        {
            _ when generic == typeof(Counter<>) => ("counter", false, true),
            _ when generic == typeof(ObservableCounter<>) => ("counter", true, false),
            _ when generic == typeof(Histogram<>) => ("histogram", false, true),
            _ when generic == typeof(UpDownCounter<>) => ("gauge", false, true),
            _ => ("gauge", true, false),
        };
        Name = Type == "counter" && !instrument.Name.EndsWith("_total", StringComparison.Ordinal) ? instrument.Name + "_total" : instrument.Name;
    }

    /// <summary>The instrument.</summary>
    public Instrument Instrument { get; }

    /// <summary>Exposition name (counters end in <c>_total</c>).</summary>
    public string Name { get; }

    /// <summary><c>counter</c>, <c>gauge</c> or <c>histogram</c>.</summary>
    public string Type { get; }

    /// <summary>Observable instruments report on collection; their series are replaced each time.</summary>
    public bool Observable { get; }

    /// <summary>Measurements add up (counters, up-down counters, histograms) rather than replace the value.</summary>
    public bool Cumulative { get; }

    /// <summary>The series, ordered by label values.</summary>
    public IEnumerable<MetricSeries> Series => _series
        .OrderBy(p => p.Key.Item1, StringComparer.Ordinal).ThenBy(p => p.Key.Item2, StringComparer.Ordinal).ThenBy(p => p.Key.Item3, StringComparer.Ordinal)
        .Select(p => p.Value);

    /// <summary>Forgets observable series before a collection, so series that are gone stop being exported.</summary>
    public void ResetObservations()
    {
        if (Observable)
        {
            _series.Clear();
        }
    }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = (Label(tags, 0), Label(tags, 1), Label(tags, 2));
        if (!_series.TryGetValue(key, out var series))
        {
            var labels = new List<KeyValuePair<string, string>>();
            for (var i = 0; i < tags.Length && i < 3; i++)
            {
                labels.Add(new(tags[i].Key, Label(tags, i) ?? string.Empty));
            }

            series = _series.GetOrAdd(key, _ => new MetricSeries(labels, Bounds.Count + 1));
        }

        if (Type == "histogram")
        {
            series.Observe(value, Bounds);
        }
        else if (Cumulative)
        {
            series.Add(value);
        }
        else
        {
            series.Set(value);
        }
    }

    private static string? Label(ReadOnlySpan<KeyValuePair<string, object?>> tags, int index) =>
        index < tags.Length ? tags[index].Value as string ?? tags[index].Value?.ToString() : null;
}
