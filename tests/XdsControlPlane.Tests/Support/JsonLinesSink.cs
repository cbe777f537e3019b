using System.Text.Json.Nodes;
using Serilog.Core;
using Serilog.Events;
using XdsControlPlane.Logging;

namespace XdsControlPlane.Tests.Support;

/// <summary>Formats every event with the host's JSON formatter and keeps the lines.</summary>
internal sealed class JsonLinesSink : ILogEventSink
{
    private readonly List<string> _lines = [];

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

    public void Emit(LogEvent logEvent)
    {
        using var writer = new StringWriter();
        SerilogSetup.Formatter("json").Format(logEvent, writer);
        lock (_lines)
        {
            _lines.Add(writer.ToString().Trim());
        }
    }
}
