using XdsControlPlane.Model;

namespace XdsControlPlane.Sources.Manifests;

/// <summary>
/// One collection of the model (Services, EndpointSlices, ...) across reloads, sorted by identity as
/// <see cref="ModelContext"/> wants it. Its <see cref="Sorted"/> array stays the same instance while none of its objects
/// changes (so the model compares and hashes it for free); changed objects are patched into a copy when identities and
/// their order stay the same, and the collection is sorted again only when objects came or went.
/// </summary>
/// <typeparam name="T">The model record.</typeparam>
/// <param name="key">The identity the collection is sorted by.</param>
internal sealed class SortedCollection<T>(Func<T, ObjectRef> key)
    where T : class
{
    private T[] _inFileOrder = [];
    private int[] _sortedIndex = []; // _sortedIndex[i]: where _inFileOrder[i] is in Sorted
    private int[] _fileIndex = []; // the inverse: _fileIndex[p]: where Sorted[p] is in _inFileOrder

    /// <summary>The objects sorted by identity.</summary>
    public EquatableArray<T> Sorted { get; private set; } = EquatableArray<T>.Empty;

    /// <summary>Sets the collection to <paramref name="items"/> (in file order).</summary>
    public void Update(List<T> items)
    {
        if (items.Count == _inFileOrder.Length && TryPatch(items))
        {
            return;
        }

        // OrderBy is stable, as ModelContext's own sort: the same order it would give.
        var order = Enumerable.Range(0, items.Count).OrderBy(i => key(items[i])).ToArray();
        var sorted = new T[order.Length];
        _sortedIndex = new int[order.Length];
        for (var position = 0; position < order.Length; position++)
        {
            sorted[position] = items[order[position]];
            _sortedIndex[order[position]] = position;
        }

        (_inFileOrder, _fileIndex, Sorted) = ([.. items], order, new EquatableArray<T>([.. sorted]));
    }

    /// <summary>
    /// Swaps each old object of type <typeparamref name="T"/> in <paramref name="replacements"/> for its new one (same
    /// identity). False, with nothing changed, when an old object is not in the collection.
    /// </summary>
    public bool TryReplace(IReadOnlyList<(object Old, object New)> replacements)
    {
        var positions = new List<(int Position, T New)>();
        foreach (var (old, replacement) in replacements)
        {
            if (old is not T item)
            {
                continue;
            }

            var position = Find(key(item));
            if (position < 0 || !ReferenceEquals(Sorted[position], item) || replacement is not T fresh || key(fresh) != key(item))
            {
                return false;
            }

            positions.Add((position, fresh));
        }

        if (positions.Count > 0)
        {
            T[] sorted = [.. Sorted];
            foreach (var (position, fresh) in positions)
            {
                sorted[position] = fresh;
                _inFileOrder[_fileIndex[position]] = fresh;
            }

            Sorted = new EquatableArray<T>([.. sorted]);
        }

        return true;
    }

    // Same identities in the same file order: the sorted order is the same too, only instances may differ.
    private bool TryPatch(List<T> items)
    {
        T[]? patched = null;
        for (var i = 0; i < items.Count; i++)
        {
            if (ReferenceEquals(items[i], _inFileOrder[i]))
            {
                continue;
            }

            if (key(items[i]) != key(_inFileOrder[i]))
            {
                return false;
            }

            patched ??= [.. Sorted];
            patched[_sortedIndex[i]] = items[i];
        }

        if (patched is not null)
        {
            (_inFileOrder, Sorted) = ([.. items], new EquatableArray<T>([.. patched]));
        }

        return true;
    }

    private int Find(ObjectRef target)
    {
        var (low, high) = (0, Sorted.Count - 1);
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var comparison = key(Sorted[middle]).CompareTo(target);
            if (comparison == 0)
            {
                return middle;
            }

            (low, high) = comparison < 0 ? (middle + 1, high) : (low, middle - 1);
        }

        return -1;
    }
}
