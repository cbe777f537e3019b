namespace XdsControlPlane.Sources.Kubernetes.Status;

/// <summary>One status condition to write, as Gateway API defines them.</summary>
/// <param name="Type">Accepted, ResolvedRefs, Programmed or (listeners) Conflicted.</param>
/// <param name="Status">True or False.</param>
/// <param name="Reason">Gateway API reason (<c>Accepted</c>, <c>BackendNotFound</c>, <c>InvalidKind</c>, ...).</param>
/// <param name="Message">For humans.</param>
public sealed record DesiredCondition(string Type, bool Status, string Reason, string Message);
