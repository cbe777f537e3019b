namespace XdsControlPlane.Model;

/// <summary>Identity of a source object (a manifest, a Kubernetes object, a policy), used to attach errors to it.</summary>
/// <param name="Kind">Kind, e.g. <c>HTTPRoute</c>.</param>
/// <param name="Namespace">Namespace (empty for cluster-scoped objects).</param>
/// <param name="Name">Name.</param>
public sealed record ObjectRef(string Kind, string Namespace, string Name) : IComparable<ObjectRef>
{
    /// <inheritdoc />
    public int CompareTo(ObjectRef? other) => other is null ? 1
        : string.CompareOrdinal(Kind, other.Kind) is var k and not 0 ? k
        : string.CompareOrdinal(Namespace, other.Namespace) is var n and not 0 ? n
        : string.CompareOrdinal(Name, other.Name);

    /// <summary><c>Kind namespace/name</c>.</summary>
    public override string ToString() => Namespace.Length == 0 ? $"{Kind} {Name}" : $"{Kind} {Namespace}/{Name}";
}
