using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace XdsControlPlane.Xds.Snapshots;

/// <summary>In-memory <see cref="ISnapshotStore"/>: an atomic swap per profile and a bounded history.</summary>
public sealed class SnapshotStore(TimeProvider clock, int historyCapacity = 100) : ISnapshotStore
{
    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private readonly Lock _historyLock = new();
    private ImmutableList<SnapshotRecord> _history = [];

    /// <summary>A store on the system clock.</summary>
    public SnapshotStore() : this(TimeProvider.System)
    {
    }

    /// <inheritdoc />
    public IReadOnlyList<SnapshotRecord> History => _history;

    /// <inheritdoc />
    public IReadOnlyCollection<string> Profiles => _slots.Where(s => s.Value.Current is not null).Select(s => s.Key).ToArray();

    /// <inheritdoc />
    public Snapshot? Get(string profile) => _slots.TryGetValue(profile, out var slot) ? slot.Current : null;

    /// <inheritdoc />
    public bool Publish(string profile, Snapshot snapshot)
    {
        var problems = SnapshotConsistency.Check(snapshot);
        if (problems.Count > 0)
        {
            throw new SnapshotInconsistentException(profile, problems);
        }

        var slot = _slots.GetOrAdd(profile, _ => new Slot());
        ImmutableArray<Action> watchers;
        lock (slot)
        {
            if (slot.Current?.Version == snapshot.Version)
            {
                return false;
            }

            slot.Current = snapshot;
            watchers = slot.Watchers;
        }

        lock (_historyLock)
        {
            var history = _history.Insert(0, new SnapshotRecord(profile, snapshot, clock.GetUtcNow()));
            _history = history.Count > historyCapacity ? history.RemoveAt(history.Count - 1) : history;
        }

        foreach (var watcher in watchers)
        {
            watcher();
        }

        return true;
    }

    /// <inheritdoc />
    public IDisposable Watch(string profile, Action onChange)
    {
        var slot = _slots.GetOrAdd(profile, _ => new Slot());
        lock (slot)
        {
            slot.Watchers = slot.Watchers.Add(onChange);
        }

        return new Subscription(slot, onChange);
    }

    private sealed class Slot
    {
        public volatile Snapshot? Current;
        public ImmutableArray<Action> Watchers = [];
    }

    private sealed class Subscription(Slot slot, Action onChange) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                lock (slot)
                {
                    slot.Watchers = slot.Watchers.Remove(onChange);
                }
            }
        }
    }
}
