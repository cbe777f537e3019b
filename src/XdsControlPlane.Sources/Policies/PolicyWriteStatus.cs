namespace XdsControlPlane.Sources.Policies;

/// <summary>What a write did.</summary>
public enum PolicyWriteStatus
{
    /// <summary>A new policy was stored.</summary>
    Created,

    /// <summary>The policy's spec was replaced.</summary>
    Replaced,

    /// <summary>The new spec equals the stored one: nothing was written, the revision is unchanged.</summary>
    Unchanged,

    /// <summary>The policy was deleted.</summary>
    Deleted,

    /// <summary>The input is not a valid policy; nothing was written.</summary>
    Invalid,

    /// <summary>No such policy.</summary>
    NotFound,

    /// <summary>The expected revision is stale, or the policy already exists.</summary>
    Conflict,
}
