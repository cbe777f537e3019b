namespace XdsControlPlane.Sources.Policies;

/// <summary>One stored policy (table <c>Policies</c>). The spec is kept as JSON text, shaped like the <c>spec</c> of an
/// <c>XdsPolicy</c> manifest; the target and section columns exist for filtering only.</summary>
internal sealed class PolicyRecord
{
    /// <summary>Namespace (key, with <see cref="Name"/>).</summary>
    public required string Namespace { get; set; }

    /// <summary>Name.</summary>
    public required string Name { get; set; }

    /// <summary>spec.targetRef.kind.</summary>
    public required string TargetKind { get; set; }

    /// <summary>spec.targetRef.namespace (the policy's when not given).</summary>
    public required string TargetNamespace { get; set; }

    /// <summary>spec.targetRef.name.</summary>
    public required string TargetName { get; set; }

    /// <summary>spec.targetRef.sectionName.</summary>
    public string? TargetSection { get; set; }

    /// <summary>The sections the spec sets, comma-separated with a comma at each end (<c>,retry,fault,</c>) so one can be matched with LIKE.</summary>
    public required string Sections { get; set; }

    /// <summary>The spec as compact JSON.</summary>
    public required string Spec { get; set; }

    /// <summary>Incremented by every change; the optimistic concurrency token (sent as the ETag).</summary>
    public long Revision { get; set; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When it was last changed.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Who created it, if the caller said (schema v2).</summary>
    public string? CreatedBy { get; set; }

    /// <summary>Who changed it last, if the caller said (schema v2).</summary>
    public string? UpdatedBy { get; set; }
}
