namespace XdsControlPlane;

/// <summary>Log output (section <c>Logging</c>).</summary>
public sealed class LoggingOptions
{
    /// <summary><c>text</c> (one readable line per event) or <c>json</c> (one JSON object per line, properties included).</summary>
    public string Format { get; set; } = "text";

    /// <summary>Minimum level: Verbose, Debug, Information, Warning, Error, Fatal.</summary>
    public string Level { get; set; } = "Information";

    /// <summary>
    /// Minimum level per category prefix, e.g. <c>"XdsControlPlane.Xds": "Warning"</c> to drop per-push and per-ACK
    /// lines on a large fleet (<c>XDS_Logging__Levels__XdsControlPlane.Xds=Warning</c>).
    /// </summary>
    public Dictionary<string, string> Levels { get; set; } = new(StringComparer.Ordinal);
}
