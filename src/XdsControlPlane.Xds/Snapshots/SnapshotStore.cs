using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace XdsControlPlane.Xds.Snapshots;

/// <summary>In-memory <see cref="ISnapshotStore"/>: an atomic swap per profile and a bounded history.</summary>
public sealed class SnapshotStore(TimeProvider clock, int historyCapacity = 100) : ISnapshotStore
{
    /// <summary>
    /// The profile of a node that selects none (see <c>Model.ProfileNames</c> for those it can select). The compiler
    /// produces no resources for it: it is published empty, so such a node gets an answer rather than a wait.
    /// </summary>
    public const string DefaultProfile = "default";

    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private readonly Slot _all = new();
    private readonly Lock _historyLock = new();
    private ImmutableList<SnapshotRecord> _history = [];
    private volatile Snapshot? _emptyOnceServing;

    /// <summary>A store on the system clock.</summary>
    public SnapshotStore() : this(TimeProvider.System)
    {
    }

    /// <inheritdoc />
    public IReadOnlyList<SnapshotRecord> History => _history;

    /// <inheritdoc />
    public IReadOnlyCollection<string> Profiles => _slots.Where(s => s.Value.Current is not null).Select(s => s.Key).ToArray();

    /// <inheritdoc />
    public Snapshot? Get(string profile) => (_slots.TryGetValue(profile, out var slot) ? slot.Current : null) ?? _emptyOnceServing;

    /// <inheritdoc />
    public bool Publish(string profile, Snapshot snapshot)
    {
        var slot = _slots.GetOrAdd(profile, _ => new Slot());
        var problems = SnapshotConsistency.Check(snapshot, slot.Current);
        if (problems.Count > 0)
        {
            throw new SnapshotInconsistentException(profile, problems);
        }

        Action[] watchers;
        lock (slot)
        {
            if (slot.Current?.Version == snapshot.Version)
            {
                return false;
            }

            slot.Current = snapshot;
            watchers = slot.WatcherArray();
        }

        var first = _emptyOnceServing is null;
        lock (_historyLock)
        {
            _emptyOnceServing ??= Snapshot.Create(Array.Empty<XdsResource>(), snapshot.Generation, snapshot.CreatedAt);
            var history = _history.Insert(0, new SnapshotRecord(profile, snapshot, clock.GetUtcNow()));
            _history = history.Count > historyCapacity ? history.RemoveAt(history.Count - 1) : history;
        }

        foreach (var watcher in watchers)
        {
            watcher();
        }

        if (first)
        {
            NotifyProfilesWithoutSnapshot();
        }

        Action[] all;
        lock (_all)
        {
            all = _all.WatcherArray();
        }

        foreach (var watcher in all)
        {
            watcher();
        }

        return true;
    }

    /// <inheritdoc />
    public IDisposable Watch(string profile, Action onChange) => Subscribe(_slots.GetOrAdd(profile, _ => new Slot()), onChange);

    /// <inheritdoc />
    public IDisposable WatchAll(Action onChange) => Subscribe(_all, onChange);

    /// <summary>
    /// The first publish makes every profile nobody published servable (as empty): streams of such a profile that
    /// connected before it have had nothing to plan with until now.
    /// </summary>
    private void NotifyProfilesWithoutSnapshot()
    {
        foreach (var (_, slot) in _slots)
        {
            Action[] watchers;
            lock (slot)
            {
                if (slot.Current is not null)
                {
                    continue;
                }

                watchers = slot.WatcherArray();
            }

            foreach (var watcher in watchers)
            {
                watcher();
            }
        }
    }

    private static Subscription Subscribe(Slot slot, Action onChange)
    {
        var subscription = new Subscription(slot, onChange);
        lock (slot)
        {
            slot.Watchers.Add(subscription);
            slot.WatcherCache = null;
        }

        return subscription;
    }

    /// <summary>
    /// Watchers of one profile. Streams come and go far more often than snapshots are published, so watching and
    /// leaving are O(1) and the array a publish iterates is built only when the set changed since the last publish.
    /// (Copying an immutable array on every watch made N connecting streams cost O(N^2) time and allocations.)
    /// </summary>
    private sealed class Slot
    {
        public volatile Snapshot? Current;
        public readonly HashSet<Subscription> Watchers = [];
        public Action[]? WatcherCache;

        /// <summary>The watchers as an array; call under the slot's lock.</summary>
        public Action[] WatcherArray() => WatcherCache ??= Watchers.Select(w => w.OnChange).ToArray();
    }

    private sealed class Subscription(Slot slot, Action onChange) : IDisposable
    {
        private int _disposed;

        public Action OnChange => onChange;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                lock (slot)
                {
                    slot.Watchers.Remove(this);
                    slot.WatcherCache = null;
                }
            }
        }
    }
}
