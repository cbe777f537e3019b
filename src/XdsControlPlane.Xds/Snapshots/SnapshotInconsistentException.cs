namespace XdsControlPlane.Xds.Snapshots;

/// <summary>Thrown by <see cref="ISnapshotStore.Publish"/> when a snapshot has broken references (P25).</summary>
public sealed class SnapshotInconsistentException(string profile, IReadOnlyList<string> problems)
    : Exception($"snapshot for profile '{profile}' is inconsistent: {string.Join("; ", problems)}")
{
    /// <summary>The profile the snapshot was meant for.</summary>
    public string Profile { get; } = profile;

    /// <summary>Every broken reference.</summary>
    public IReadOnlyList<string> Problems { get; } = problems;
}
