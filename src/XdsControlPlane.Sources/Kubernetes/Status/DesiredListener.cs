namespace XdsControlPlane.Sources.Kubernetes.Status;

/// <summary>One entry of a Gateway's <c>status.listeners</c>, as Gateway API defines it.</summary>
/// <param name="Name">The listener's name.</param>
/// <param name="SupportedKinds">Route kinds of group <c>gateway.networking.k8s.io</c> the listener accepts.</param>
/// <param name="AttachedRoutes">Routes attached to the listener.</param>
/// <param name="Conditions">Accepted, Conflicted, Programmed, ResolvedRefs.</param>
public sealed record DesiredListener(string Name, IReadOnlyList<string> SupportedKinds, int AttachedRoutes, IReadOnlyList<DesiredCondition> Conditions);
