namespace XdsControlPlane.Model.Policies;

/// <summary>Role-based access control.</summary>
/// <param name="Action">Allow (only matching requests pass) or Deny (matching requests are refused).</param>
/// <param name="Rules">Any rule matching makes the request match.</param>
public sealed record RbacPolicy(string Action, EquatableArray<RbacRule> Rules);
