namespace XdsControlPlane.Sources.Documents;

/// <summary>
/// Bounds on what one file or request body may hold, so that hostile or broken input costs an error on that input and
/// never the process (a stack overflow on deep nesting, memory without bound). The README's "Input limits" table lists
/// them; a change here belongs there too.
/// </summary>
internal sealed record DocumentLimits
{
    /// <summary>The limits every reader applies unless told otherwise.</summary>
    public static DocumentLimits Default { get; } = new();

    /// <summary>
    /// Deepest nesting of objects and lists (the root object is depth 1). Kubernetes objects need about 10; the readers
    /// build trees without recursion, but the mappers and writers walk them recursively.
    /// </summary>
    public int MaxDepth { get; init; } = 128;

    /// <summary>Nodes (objects, lists, scalars) per file or body, counting an alias as a copy of what it names.</summary>
    public int MaxNodes { get; init; } = 1_000_000;

    /// <summary>Characters of one scalar value (a certificate bundle in a Secret is the largest expected, a few hundred KB).</summary>
    public int MaxScalarLength { get; init; } = 1024 * 1024;

    /// <summary>Characters of one mapping key (label keys are at most 317; keys are quoted in error messages).</summary>
    public int MaxKeyLength { get; init; } = 1024;

    /// <summary>Documents in one YAML file (empty documents count).</summary>
    public int MaxDocuments { get; init; } = 10_000;

    /// <summary>Characters of one YAML document, or bytes of one JSON value: 3 MiB, what the Kubernetes API server takes in one request.</summary>
    public int MaxDocumentLength { get; init; } = 3 * 1024 * 1024;

    /// <summary>Bytes of one manifest file.</summary>
    public long MaxFileBytes { get; init; } = 32L * 1024 * 1024;
}
