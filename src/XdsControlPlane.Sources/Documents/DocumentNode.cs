namespace XdsControlPlane.Sources.Documents;

/// <summary>
/// A node of a parsed object (from YAML or JSON), with the position it came from so errors can name a line.
/// The mappers read these instead of a parser's own types, so a manifest file and a Kubernetes API response map alike.
/// </summary>
internal abstract class DocumentNode(int line, int column)
{
    /// <summary>1-based line, or 0 when unknown.</summary>
    public int Line { get; } = line;

    /// <summary>1-based column, or 0 when unknown.</summary>
    public int Column { get; } = column;

    /// <summary>What this node is, for error messages ("a string", "a list", ...).</summary>
    public abstract string Describe();
}
