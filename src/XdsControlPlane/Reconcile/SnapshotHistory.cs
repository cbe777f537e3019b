using System.Collections.Immutable;

namespace XdsControlPlane.Reconcile;

/// <summary>
/// The configuration snapshots compiled by this process, newest first, bounded. Readers get an immutable list, so
/// the diagnostics API never blocks the reconcile loop.
/// </summary>
internal sealed class SnapshotHistory(int capacity)
{
    private readonly int _capacity = Math.Max(1, capacity);
    private volatile ImmutableList<ConfigSnapshot> _items = [];

    /// <summary>Every entry, newest first.</summary>
    public IReadOnlyList<ConfigSnapshot> Items => _items;

    /// <summary>The newest entry, or null before the first build.</summary>
    public ConfigSnapshot? Latest => _items.IsEmpty ? null : _items[0];

    /// <summary>Adds <paramref name="snapshot"/> as the newest entry, dropping the oldest beyond capacity. Callers serialize writes.</summary>
    public void Add(ConfigSnapshot snapshot)
    {
        var items = _items.Insert(0, snapshot);
        _items = items.Count > _capacity ? items.RemoveRange(_capacity, items.Count - _capacity) : items;
    }

    /// <summary>Adds <paramref name="snapshot"/> as the oldest entry if there is room (a snapshot restored at start-up).</summary>
    public void AddOldest(ConfigSnapshot snapshot)
    {
        if (_items.Count < _capacity)
        {
            _items = _items.Add(snapshot);
        }
    }

    /// <summary>Entries whose version starts with <paramref name="versionPrefix"/> (lower-case hex), newest first.</summary>
    public IEnumerable<ConfigSnapshot> Matching(string versionPrefix) =>
        _items.Where(s => s.Version.StartsWith(versionPrefix, StringComparison.Ordinal));
}
