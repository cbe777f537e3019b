using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;

namespace XdsControlPlane.Logging;

/// <summary>
/// Builds the process logger from <see cref="LoggingOptions"/>: Serilog to the console, text or compact JSON, every
/// property value cleaned by <see cref="LogValueEnricher"/> (client text escaped and bounded).
/// </summary>
internal static class SerilogSetup
{
    /// <summary>The text layout: time, level, category, message.</summary>
    public const string TextTemplate = "{Timestamp:HH:mm:ss} {Level:u3} {SourceContext}: {Message:lj}{NewLine}{Exception}";

    /// <summary>A logger writing to the console with <paramref name="options"/>' format and levels.</summary>
    /// <exception cref="ArgumentException">An unknown format or level.</exception>
    public static Logger Create(LoggingOptions options, ILogEventSink? sink = null)
    {
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(ParseLevel(options.Level, "Logging:Level"))
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            // Last, so it also sees what the enrichers before it added.
            .Enrich.With<LogValueEnricher>();
        foreach (var (category, level) in options.Levels)
        {
            configuration.MinimumLevel.Override(category, ParseLevel(level, $"Logging:Levels:{category}"));
        }

        var formatter = Formatter(options.Format);
        return (sink is null ? configuration.WriteTo.Console(formatter) : configuration.WriteTo.Sink(sink)).CreateLogger();
    }

    /// <summary>
    /// The formatter of a format name: <c>text</c>, or <c>json</c>: Serilog.Formatting.Compact's rendered compact JSON
    /// (<c>@t</c>, <c>@m</c>, <c>@i</c>, <c>@l</c> unless Information, <c>@x</c>, then the properties), one object a line.
    /// </summary>
    public static ITextFormatter Formatter(string format) => format.ToLowerInvariant() switch
    {
        "text" => new MessageTemplateTextFormatter(TextTemplate, System.Globalization.CultureInfo.InvariantCulture),
        "json" => new RenderedCompactJsonFormatter(),
        _ => throw new ArgumentException($"Logging:Format (--log-format) must be 'text' or 'json', not '{format}'", nameof(format)),
    };

    private static LogEventLevel ParseLevel(string level, string option) =>
        Enum.TryParse<LogEventLevel>(level, ignoreCase: true, out var parsed) ? parsed
        : throw new ArgumentException($"{option} must be one of {string.Join(", ", Enum.GetNames<LogEventLevel>())}, not '{level}'", nameof(level));
}
