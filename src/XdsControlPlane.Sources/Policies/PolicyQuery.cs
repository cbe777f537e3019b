namespace XdsControlPlane.Sources.Policies;

/// <summary>Filters of a policy listing; null means any.</summary>
/// <param name="Section">A spec section the policy sets, e.g. <c>retry</c>.</param>
/// <param name="TargetKind">spec.targetRef.kind.</param>
/// <param name="TargetNamespace">spec.targetRef.namespace.</param>
/// <param name="TargetName">spec.targetRef.name.</param>
public sealed record PolicyQuery(string? Section = null, string? TargetKind = null, string? TargetNamespace = null, string? TargetName = null);
