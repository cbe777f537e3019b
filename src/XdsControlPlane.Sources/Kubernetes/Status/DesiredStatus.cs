using XdsControlPlane.Model;

namespace XdsControlPlane.Sources.Kubernetes.Status;

/// <summary>
/// The conditions one Gateway, or one route for one of its parentRefs, should carry. The host maps the compiler's
/// statuses to these, so the source needs no reference to the compiler.
/// </summary>
/// <param name="Object">The GatewayClass, Gateway, HTTPRoute or GRPCRoute.</param>
/// <param name="ObservedGeneration">The metadata.generation the conditions describe.</param>
/// <param name="Parent">For routes, the parentRef the entry is about; null for GatewayClasses and Gateways.</param>
/// <param name="Conditions">The conditions.</param>
public sealed record DesiredStatus(ObjectRef Object, long ObservedGeneration, ParentRef? Parent, IReadOnlyList<DesiredCondition> Conditions);
