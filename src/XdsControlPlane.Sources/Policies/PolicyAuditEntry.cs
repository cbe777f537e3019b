namespace XdsControlPlane.Sources.Policies;

/// <summary>One change in a policy's history.</summary>
/// <param name="Revision">The revision the change produced.</param>
/// <param name="Action"><c>Created</c>, <c>Replaced</c>, <c>Deleted</c> or <c>Imported</c>.</param>
/// <param name="Actor">Who made it, when the caller identified itself.</param>
/// <param name="At">When.</param>
/// <param name="Spec">The spec after the change (JSON); null for a deletion.</param>
public sealed record PolicyAuditEntry(long Revision, string Action, string? Actor, DateTimeOffset At, string? Spec);
