namespace XdsControlPlane.Sources.Policies;

/// <summary>One change of one policy (table <c>PolicyAudit</c>, schema v2): what, when and by whom. Rows are only ever added.</summary>
internal sealed class PolicyAudit
{
    /// <summary>Increasing id; its maximum tells pollers whether anything changed.</summary>
    public long Id { get; set; }

    /// <summary>Namespace of the policy.</summary>
    public required string Namespace { get; set; }

    /// <summary>Name of the policy.</summary>
    public required string Name { get; set; }

    /// <summary>The policy's revision after the change.</summary>
    public long Revision { get; set; }

    /// <summary><c>Created</c>, <c>Replaced</c>, <c>Deleted</c>, or <c>Imported</c> (a policy that existed before the audit trail).</summary>
    public required string Action { get; set; }

    /// <summary>Who made the change, when the caller identified itself.</summary>
    public string? Actor { get; set; }

    /// <summary>When.</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>The spec after the change (JSON); null for a deletion.</summary>
    public string? Spec { get; set; }
}
