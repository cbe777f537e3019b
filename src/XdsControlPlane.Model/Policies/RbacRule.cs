namespace XdsControlPlane.Model.Policies;

/// <summary>One RBAC rule: all its present conditions must hold.</summary>
/// <param name="Principals">Authenticated principals (client certificate SANs), exact.</param>
/// <param name="Headers">Header conditions (exact).</param>
/// <param name="SourceCidrs">Source address ranges.</param>
public sealed record RbacRule(EquatableArray<string> Principals, EquatableArray<ValueMatch> Headers, EquatableArray<string> SourceCidrs);
