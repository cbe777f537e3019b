namespace XdsControlPlane.Sources.Documents;

/// <summary>An object: keys in document order. The readers reject duplicate keys, so every key is unique.</summary>
internal sealed class MappingNode(int line, int column, IReadOnlyList<KeyValuePair<string, DocumentNode>> entries) : DocumentNode(line, column)
{
    private readonly Dictionary<string, DocumentNode> _byKey = entries.ToDictionary(StringComparer.Ordinal);

    /// <summary>The entries, in document order.</summary>
    public IReadOnlyList<KeyValuePair<string, DocumentNode>> Entries { get; } = entries;

    /// <summary>The value under <paramref name="key"/>, or null when absent.</summary>
    public DocumentNode? this[string key] => _byKey.GetValueOrDefault(key);

    /// <inheritdoc />
    public override string Describe() => "an object";
}
