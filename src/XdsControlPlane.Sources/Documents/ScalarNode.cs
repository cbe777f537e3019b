namespace XdsControlPlane.Sources.Documents;

/// <summary>A string, number, boolean or null.</summary>
internal sealed class ScalarNode(int line, int column, ScalarKind kind, string text) : DocumentNode(line, column)
{
    /// <summary>How it was written.</summary>
    public ScalarKind Kind { get; } = kind;

    /// <summary>The text as written (after unquoting and unescaping).</summary>
    public string Text { get; } = text;

    /// <inheritdoc />
    public override string Describe() => Kind switch
    {
        ScalarKind.String => "a string",
        ScalarKind.Null => "null",
        ScalarKind.Boolean => "a boolean",
        _ => "a scalar",
    };
}
