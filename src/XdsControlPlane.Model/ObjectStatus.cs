namespace XdsControlPlane.Model;

/// <summary>
/// The status conditions a source object should carry: the compiler computes them and the Kubernetes status writer
/// (Sources) writes them, both reading this one record. A GatewayClass of ours gets
/// <c>Accepted</c>; a Gateway gets <c>Accepted</c> and <c>Programmed</c>, and a status per listener; a route gets
/// <c>Accepted</c> and <c>ResolvedRefs</c> once per parentRef (parentRefs of other controllers' Gateways get none); a
/// policy gets <c>Accepted</c>.
/// </summary>
/// <param name="Object">The GatewayClass, Gateway, route or policy.</param>
/// <param name="ObservedGeneration">The generation these conditions describe.</param>
/// <param name="Parent">For routes: the parentRef this entry is about (Gateway API keeps route status per parent); null for the other kinds.</param>
/// <param name="Conditions">Conditions, ordered by type.</param>
public sealed record ObjectStatus(ObjectRef Object, long ObservedGeneration, ParentRef? Parent, EquatableArray<StatusCondition> Conditions)
{
    /// <summary>For Gateways: one status per listener, in spec order (a repeated listener name only once); empty for other kinds.</summary>
    public EquatableArray<ListenerStatus> Listeners { get; init; } = [];

    /// <summary>The status of the listener named <paramref name="name"/>, if present.</summary>
    public ListenerStatus? Listener(string name) => Listeners.FirstOrDefault(l => l.Name == name);

    /// <summary>The condition of type <paramref name="type"/>, if present.</summary>
    public StatusCondition? Condition(string type) => Conditions.FirstOrDefault(c => c.Type == type);
}
