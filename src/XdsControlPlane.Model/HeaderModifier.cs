namespace XdsControlPlane.Model;

/// <summary>Header changes.</summary>
/// <param name="Set">Headers set (replacing).</param>
/// <param name="Add">Headers appended.</param>
/// <param name="Remove">Header names removed.</param>
public sealed record HeaderModifier(
    EquatableArray<KeyValuePair<string, string>> Set,
    EquatableArray<KeyValuePair<string, string>> Add,
    EquatableArray<string> Remove);
