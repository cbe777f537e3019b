using Serilog.Core;
using Serilog.Events;

namespace XdsControlPlane.Logging;

/// <summary>
/// Applies <see cref="LogValues.Clean"/> to every string in every event's properties (nested ones included) before any
/// sink formats it, so text and JSON output both carry escaped and bounded values and no call site has to remember to.
/// Values of other types that render as text (records, protobuf messages) are replaced by their cleaned text only when
/// that text needed cleaning.
/// </summary>
internal sealed class LogValueEnricher : ILogEventEnricher
{
    /// <inheritdoc />
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        List<LogEventProperty>? replaced = null;
        foreach (var (name, value) in logEvent.Properties)
        {
            var max = LogValues.ShortProperties.Contains(name) ? LogValues.MaxIdentityLength : LogValues.MaxLength;
            var cleaned = Clean(value, max);
            if (!ReferenceEquals(cleaned, value))
            {
                (replaced ??= []).Add(new LogEventProperty(name, cleaned));
            }
        }

        foreach (var property in replaced ?? [])
        {
            logEvent.AddOrUpdateProperty(property);
        }
    }

    private static LogEventPropertyValue Clean(LogEventPropertyValue value, int max)
    {
        switch (value)
        {
            case ScalarValue { Value: string text }:
                var cleanText = LogValues.Clean(text, max);
                return ReferenceEquals(cleanText, text) ? value : new ScalarValue(cleanText);
            case ScalarValue { Value: null or ValueType }:
                return value;
            case ScalarValue scalar:
                // An object logged as a scalar renders through ToString(), which may carry client text.
                var rendered = scalar.Value.ToString() ?? string.Empty;
                var cleanRendered = LogValues.Clean(rendered, max);
                return ReferenceEquals(cleanRendered, rendered) ? value : new ScalarValue(cleanRendered);
            case SequenceValue sequence:
                var elements = sequence.Elements.Select(e => Clean(e, max)).ToArray();
                return elements.Where((e, i) => !ReferenceEquals(e, sequence.Elements[i])).Any() ? new SequenceValue(elements) : value;
            case StructureValue structure:
                var properties = structure.Properties.Select(p => Clean(p, max)).ToArray();
                return properties.Where((p, i) => !ReferenceEquals(p, structure.Properties[i])).Any()
                    ? new StructureValue(properties, structure.TypeTag is { } tag ? LogValues.Clean(tag, max) : null)
                    : value;
            case DictionaryValue dictionary:
                var changed = false;
                var entries = new List<KeyValuePair<ScalarValue, LogEventPropertyValue>>(dictionary.Elements.Count);
                foreach (var (key, element) in dictionary.Elements)
                {
                    var cleanKey = (ScalarValue)Clean(key, max);
                    var cleanElement = Clean(element, max);
                    changed |= !ReferenceEquals(cleanKey, key) || !ReferenceEquals(cleanElement, element);
                    entries.Add(new(cleanKey, cleanElement));
                }

                return changed ? new DictionaryValue(entries) : value;
            default:
                return value;
        }
    }

    private static LogEventProperty Clean(LogEventProperty property, int max)
    {
        var value = Clean(property.Value, max);
        return ReferenceEquals(value, property.Value) ? property : new LogEventProperty(property.Name, value);
    }
}
