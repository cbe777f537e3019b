namespace XdsControlPlane.Reconcile;

/// <summary>One source object that differs between two models: a cause of a new configuration snapshot.</summary>
/// <param name="Kind">Kind, e.g. <c>Service</c> or <c>HTTPRoute</c>.</param>
/// <param name="Namespace">Namespace (empty for cluster-scoped objects).</param>
/// <param name="Name">Name.</param>
/// <param name="Change"><see cref="Added"/>, <see cref="Modified"/> or <see cref="Removed"/>.</param>
internal sealed record ModelChange(string Kind, string Namespace, string Name, string Change)
{
    /// <summary>The object is new.</summary>
    public const string Added = "added";

    /// <summary>The object exists in both models with different content.</summary>
    public const string Modified = "modified";

    /// <summary>The object is gone.</summary>
    public const string Removed = "removed";

    /// <summary><c>+ Kind ns/name</c>, <c>~ ...</c> or <c>- ...</c>.</summary>
    public override string ToString() =>
        $"{Change switch { Added => "+", Removed => "-", _ => "~" }}{Kind} {(Namespace.Length == 0 ? Name : $"{Namespace}/{Name}")}";
}
