using System.Collections;
using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace XdsControlPlane.Xds.Snapshots;

/// <summary>
/// The resources of a <see cref="ResourceSet"/> by name: a name → position map plus the items. Sets that differ only
/// in the contents of some resources (an endpoint change) share the position map, so building one costs no hashing
/// of names.
/// </summary>
public sealed class ResourceIndex : IReadOnlyDictionary<string, XdsResource>
{
    private readonly ImmutableArray<XdsResource> _items;

    internal ResourceIndex(FrozenDictionary<string, int> positions, ImmutableArray<XdsResource> items)
    {
        Positions = positions;
        _items = items;
    }

    /// <summary>Name → index into the items; shared between sets with the same names.</summary>
    internal FrozenDictionary<string, int> Positions { get; }

    /// <inheritdoc />
    public int Count => _items.Length;

    /// <inheritdoc />
    public IEnumerable<string> Keys => _items.Select(r => r.Name);

    /// <inheritdoc />
    public IEnumerable<XdsResource> Values => _items;

    /// <inheritdoc />
    public XdsResource this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    /// <summary>An index of <paramref name="items"/> (sorted, unique names).</summary>
    internal static ResourceIndex Of(ImmutableArray<XdsResource> items)
    {
        var positions = new Dictionary<string, int>(items.Length, StringComparer.Ordinal);
        for (var i = 0; i < items.Length; i++)
        {
            positions[items[i].Name] = i;
        }

        return new ResourceIndex(positions.ToFrozenDictionary(StringComparer.Ordinal), items);
    }

    /// <inheritdoc />
    public bool ContainsKey(string key) => Positions.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out XdsResource value)
    {
        if (Positions.TryGetValue(key, out var index))
        {
            value = _items[index];
            return true;
        }

        value = null;
        return false;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, XdsResource>> GetEnumerator() =>
        _items.Select(r => new KeyValuePair<string, XdsResource>(r.Name, r)).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
