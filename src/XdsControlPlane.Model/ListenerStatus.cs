namespace XdsControlPlane.Model;

/// <summary>The status of one Gateway listener (an entry of the Gateway's <c>status.listeners</c>).</summary>
/// <param name="Name">The listener's name.</param>
/// <param name="SupportedKinds">Route kinds (group <c>gateway.networking.k8s.io</c>) the listener accepts: those its protocol
/// supports, narrowed to its allowedRoutes.kinds; kinds it asked for that are not supported are left out.</param>
/// <param name="AttachedRoutes">Routes attached to the listener: a parentRef selects it (whole Gateway, sectionName or
/// port), its allowedRoutes admits the route, and their hostnames intersect. Counted whether or not the listener is usable.</param>
/// <param name="Conditions">Accepted, Conflicted, Programmed and ResolvedRefs, ordered by type.</param>
public sealed record ListenerStatus(string Name, EquatableArray<string> SupportedKinds, int AttachedRoutes, EquatableArray<StatusCondition> Conditions)
{
    /// <summary>The condition of type <paramref name="type"/>, if present.</summary>
    public StatusCondition? Condition(string type) => Conditions.FirstOrDefault(c => c.Type == type);
}
