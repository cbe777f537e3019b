namespace XdsControlPlane.Sources.Policies;

/// <summary>A policy as stored: identity, revision, timestamps, who changed it, and its spec as JSON.</summary>
/// <param name="Namespace">Namespace.</param>
/// <param name="Name">Name.</param>
/// <param name="Revision">Revision (the ETag of the REST API).</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When it was last changed.</param>
/// <param name="CreatedBy">Who created it, if known.</param>
/// <param name="UpdatedBy">Who changed it last, if known.</param>
/// <param name="Spec">The spec as compact JSON, shaped like an <c>XdsPolicy</c> manifest's <c>spec</c>.</param>
public sealed record StoredPolicy(
    string Namespace,
    string Name,
    long Revision,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? CreatedBy,
    string? UpdatedBy,
    string Spec)
{
    internal static StoredPolicy From(PolicyRecord r) =>
        new(r.Namespace, r.Name, r.Revision, r.CreatedAt, r.UpdatedAt, r.CreatedBy, r.UpdatedBy, r.Spec);
}
