namespace XdsControlPlane.Model;

/// <summary>One status condition, as Gateway API defines them.</summary>
/// <param name="Type">Accepted, ResolvedRefs or Programmed.</param>
/// <param name="Status">True or false.</param>
/// <param name="Reason">Gateway API reason, e.g. <c>Accepted</c>, <c>BackendNotFound</c>, <c>NotAllowedByListeners</c>.</param>
/// <param name="Message">For humans.</param>
public sealed record StatusCondition(string Type, bool Status, string Reason, string Message);
