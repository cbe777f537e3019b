namespace XdsControlPlane.Reconcile;

/// <summary>The configuration every proxy is held at until unpinned.</summary>
/// <param name="Snapshot">The pinned configuration.</param>
/// <param name="PinnedAt">When it was pinned.</param>
internal sealed record PinnedSnapshot(ConfigSnapshot Snapshot, DateTimeOffset PinnedAt);
