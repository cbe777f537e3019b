using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace XdsControlPlane.Diagnostics.Metrics;

/// <summary>
/// Collects the instruments of the given meters with a <see cref="MeterListener"/> and writes them in the Prometheus
/// text exposition format (version 0.0.4). prometheus-net cannot be restored here, and the format is small.
/// </summary>
internal sealed class PrometheusExporter : IDisposable
{
    /// <summary>Content type of the exposition.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, MetricInstrument> _instruments = new();
    private readonly Lock _collect = new();

    /// <summary>Starts listening to the meters named <paramref name="meters"/>.</summary>
    public PrometheusExporter(IReadOnlyCollection<string> meters)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (meters.Contains(instrument.Meter.Name))
            {
                var state = _instruments.GetOrAdd(instrument, i => new MetricInstrument(i));
                listener.EnableMeasurementEvents(instrument, state);
            }
        };
        _listener.MeasurementsCompleted = (instrument, state) => _instruments.TryRemove(instrument, out var _);
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => ((MetricInstrument)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>((_, value, tags, state) => ((MetricInstrument)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => ((MetricInstrument)state!).Record(value, tags));
        _listener.Start();
    }

    /// <summary>Observes the observable instruments and writes every series.</summary>
    public string Collect()
    {
        var text = new StringBuilder();
        lock (_collect)
        {
            var instruments = _instruments.Values.OrderBy(i => i.Name, StringComparer.Ordinal).ToArray();
            foreach (var instrument in instruments)
            {
                instrument.ResetObservations();
            }

            _listener.RecordObservableInstruments();
            string? previous = null;
            foreach (var instrument in instruments)
            {
                if (instrument.Name != previous)
                {
                    // Two instruments of one name (two hosts in one process) share the header; Prometheus wants it once.
                    text.Append("# HELP ").Append(instrument.Name).Append(' ').Append(Escape(instrument.Instrument.Description ?? instrument.Name, help: true)).Append('\n');
                    text.Append("# TYPE ").Append(instrument.Name).Append(' ').Append(instrument.Type).Append('\n');
                    previous = instrument.Name;
                }

                foreach (var series in instrument.Series)
                {
                    Write(text, instrument, series);
                }
            }
        }

        return text.ToString();
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();

    private static void Write(StringBuilder text, MetricInstrument instrument, MetricSeries series)
    {
        if (instrument.Type != "histogram")
        {
            Line(text, instrument.Name, series.Labels, null, series.Value);
            return;
        }

        long cumulative = 0;
        for (var i = 0; i <= MetricInstrument.Bounds.Count; i++)
        {
            cumulative += series.Bucket(i);
            var le = i < MetricInstrument.Bounds.Count ? Number(MetricInstrument.Bounds[i]) : "+Inf";
            Line(text, instrument.Name + "_bucket", series.Labels, le, cumulative);
        }

        Line(text, instrument.Name + "_sum", series.Labels, null, series.Sum);
        Line(text, instrument.Name + "_count", series.Labels, null, series.Count);
    }

    private static void Line(StringBuilder text, string name, IReadOnlyList<KeyValuePair<string, string>> labels, string? le, double value)
    {
        text.Append(name);
        if (labels.Count > 0 || le is not null)
        {
            text.Append('{');
            var first = true;
            foreach (var (key, label) in labels)
            {
                text.Append(first ? string.Empty : ",").Append(key).Append("=\"").Append(Escape(label, help: false)).Append('"');
                first = false;
            }

            if (le is not null)
            {
                text.Append(first ? string.Empty : ",").Append("le=\"").Append(le).Append('"');
            }

            text.Append('}');
        }

        text.Append(' ').Append(Number(value)).Append('\n');
    }

    private static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private static string Escape(string value, bool help)
    {
        var escaped = value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        return help ? escaped : escaped.Replace("\"", "\\\"", StringComparison.Ordinal);
    }
}
