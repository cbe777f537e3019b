namespace XdsControlPlane.Sources.Documents;

/// <summary>A document could not be parsed; carries the position the parser stopped at.</summary>
internal sealed class DocumentParseException(int line, int column, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>1-based line.</summary>
    public int Line { get; } = line;

    /// <summary>1-based column.</summary>
    public int Column { get; } = column;
}
