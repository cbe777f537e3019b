using XdsControlPlane.Model;

namespace XdsControlPlane.Sources.Mapping;

/// <summary>A v1 Namespace, as far as the model needs it: its labels (for listeners that select route namespaces).</summary>
/// <param name="Name">Namespace name.</param>
/// <param name="Labels">Labels, sorted by key.</param>
internal sealed record NamespaceInfo(string Name, EquatableArray<KeyValuePair<string, string>> Labels);
