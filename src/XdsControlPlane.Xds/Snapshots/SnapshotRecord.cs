namespace XdsControlPlane.Xds.Snapshots;

/// <summary>One entry of the publish history.</summary>
/// <param name="Profile">The profile it was published to.</param>
/// <param name="Snapshot">The snapshot itself (immutable).</param>
/// <param name="PublishedAt">When it became current.</param>
public sealed record SnapshotRecord(string Profile, Snapshot Snapshot, DateTimeOffset PublishedAt);
