using XdsControlPlane.Model;

namespace XdsControlPlane.Sources.Kubernetes.Status;

/// <summary>
/// The conditions one GatewayClass, Gateway (with its listeners) or XdsPolicy, or one route for one of its parentRefs, should carry. The host maps the compiler's
/// statuses to these, so the source needs no reference to the compiler.
/// </summary>
/// <param name="Object">The GatewayClass, Gateway, HTTPRoute, GRPCRoute or XdsPolicy.</param>
/// <param name="ObservedGeneration">The metadata.generation the conditions describe.</param>
/// <param name="Parent">For routes, the parentRef the entry is about; null for the other kinds.</param>
/// <param name="Conditions">The conditions.</param>
public sealed record DesiredStatus(ObjectRef Object, long ObservedGeneration, ParentRef? Parent, IReadOnlyList<DesiredCondition> Conditions)
{
    /// <summary>For Gateways: the status of each listener (written as <c>status.listeners</c>); empty for other kinds.</summary>
    public IReadOnlyList<DesiredListener> Listeners { get; init; } = [];
}
