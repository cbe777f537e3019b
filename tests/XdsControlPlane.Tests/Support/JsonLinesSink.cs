using System.Text.Json.Nodes;
using Serilog.Core;
using Serilog.Events;
using XdsControlPlane.Logging;

namespace XdsControlPlane.Tests.Support;

/// <summary>Formats every event with the host's formatter (<c>json</c> by default, or <c>text</c>) and keeps the output.</summary>
internal sealed class JsonLinesSink(string format = "json") : ILogEventSink
{
    private readonly List<string> _lines = [];

    /// <summary>The JSON events (format <c>json</c>).</summary>
    public IReadOnlyList<JsonObject> Events
    {
        get
        {
            lock (_lines)
            {
                return _lines.Select(l => JsonNode.Parse(l)!.AsObject()).ToArray();
            }
        }
    }

    /// <summary>Everything written, as the console would show it.</summary>
    public string Output
    {
        get
        {
            lock (_lines)
            {
                return string.Concat(_lines);
            }
        }
    }

    public void Emit(LogEvent logEvent)
    {
        using var writer = new StringWriter();
        SerilogSetup.Formatter(format).Format(logEvent, writer);
        lock (_lines)
        {
            _lines.Add(writer.ToString());
        }
    }
}
