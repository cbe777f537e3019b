namespace XdsControlPlane.Xds.Snapshots;

/// <summary>
/// Holds the current snapshot of every proxy profile. Streams read it and are told when it changes;
/// the compiler publishes into it.
/// </summary>
public interface ISnapshotStore
{
    /// <summary>
    /// The current snapshot of <paramref name="profile"/>. A profile nobody published to is empty once anything was
    /// published (the configuration has nothing for it, and its clients get a first, empty LDS/CDS response); null
    /// only before the first publish.
    /// </summary>
    Snapshot? Get(string profile);

    /// <summary>
    /// Checks <paramref name="snapshot"/> for consistency (P25) and makes it current for <paramref name="profile"/>.
    /// Returns false when it equals the current one (nothing to push). Throws
    /// <see cref="SnapshotInconsistentException"/> and keeps the current snapshot when the check fails.
    /// </summary>
    bool Publish(string profile, Snapshot snapshot);

    /// <summary>Calls <paramref name="onChange"/> after each publish to <paramref name="profile"/> until disposed.</summary>
    IDisposable Watch(string profile, Action onChange);

    /// <summary>Calls <paramref name="onChange"/> after each publish to any profile until disposed.</summary>
    IDisposable WatchAll(Action onChange);

    /// <summary>Published snapshots, newest first, bounded.</summary>
    IReadOnlyList<SnapshotRecord> History { get; }

    /// <summary>The profiles that have a snapshot.</summary>
    IReadOnlyCollection<string> Profiles { get; }
}
