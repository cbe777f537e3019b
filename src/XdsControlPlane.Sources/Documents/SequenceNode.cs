namespace XdsControlPlane.Sources.Documents;

/// <summary>A list.</summary>
internal sealed class SequenceNode(int line, int column, IReadOnlyList<DocumentNode> items) : DocumentNode(line, column)
{
    /// <summary>The items.</summary>
    public IReadOnlyList<DocumentNode> Items { get; } = items;

    /// <inheritdoc />
    public override string Describe() => "a list";
}
