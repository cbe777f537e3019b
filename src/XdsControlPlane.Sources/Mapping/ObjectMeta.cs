using XdsControlPlane.Model;

namespace XdsControlPlane.Sources.Mapping;

/// <summary>The parts of <c>metadata</c> the mappers use beyond identity.</summary>
/// <param name="Generation">metadata.generation (0 when absent, as in manifests).</param>
/// <param name="CreatedAt">metadata.creationTimestamp.</param>
/// <param name="Labels">metadata.labels, sorted by key.</param>
internal sealed record ObjectMeta(long Generation, DateTimeOffset? CreatedAt, EquatableArray<KeyValuePair<string, string>> Labels);
