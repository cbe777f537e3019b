using System.Collections.Frozen;

namespace XdsControlPlane.Xds.Snapshots;

/// <summary>
/// An immutable, versioned set of resources for one proxy profile. Its version is derived from its content,
/// so equal content gives equal versions on any replica.
/// </summary>
public sealed class Snapshot
{
    private readonly FrozenDictionary<string, ResourceSet> _sets;

    private Snapshot(FrozenDictionary<string, ResourceSet> sets, long generation, DateTimeOffset createdAt)
    {
        _sets = sets;
        Generation = generation;
        CreatedAt = createdAt;
        Version = ContentHash.OfPairs(TypeUrls.PushOrder.Select(t => (t, this[t].Version)));
    }

    /// <summary>Content hash over every type's version.</summary>
    public string Version { get; }

    /// <summary>Local, monotonically increasing build number of the model this came from (not content-derived).</summary>
    public long Generation { get; }

    /// <summary>When the snapshot was built.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>The resources of one type; an empty set for a type the snapshot does not have.</summary>
    public ResourceSet this[string typeUrl] => _sets.TryGetValue(typeUrl, out var set) ? set : ResourceSet.Empty(typeUrl);

    /// <summary>Every non-empty resource set.</summary>
    public IEnumerable<ResourceSet> Sets => _sets.Values;

    /// <summary>
    /// Builds a snapshot; throws <see cref="ArgumentException"/> when a type holds a name twice. A type whose resources
    /// are the very instances of <paramref name="previous"/>'s set reuses that set (no sorting, no index rebuilt), so a
    /// rebuild after an endpoint change costs little beyond the endpoints.
    /// </summary>
    public static Snapshot Create(IEnumerable<XdsResource> resources, long generation = 0, DateTimeOffset? createdAt = null, Snapshot? previous = null)
    {
        var sets = resources
            .GroupBy(r => r.TypeUrl, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => Reuse(previous, g.Key, g.ToList()) ?? ResourceSet.Create(g.Key, g), StringComparer.Ordinal);
        return new Snapshot(sets, generation, createdAt ?? DateTimeOffset.UtcNow);
    }

    private static ResourceSet? Reuse(Snapshot? previous, string typeUrl, List<XdsResource> resources)
    {
        if (previous is null || !previous._sets.TryGetValue(typeUrl, out var set) || set.Count != resources.Count)
        {
            return null;
        }

        // Builders emit resources sorted by name, as sets hold them; any difference (or another order) rebuilds.
        for (var i = 0; i < resources.Count; i++)
        {
            if (!ReferenceEquals(set.Items[i], resources[i]))
            {
                return null;
            }
        }

        return set;
    }

    /// <summary>
    /// This snapshot with some resources of <paramref name="typeUrl"/> replaced by new versions of the same names,
    /// every other set shared; null when a replacement names a resource this snapshot does not hold. The fast path for
    /// endpoint changes: its cost follows the number of resources of that type, not of the whole snapshot.
    /// </summary>
    public Snapshot? WithReplaced(string typeUrl, IReadOnlyCollection<XdsResource> replacements, long generation, DateTimeOffset? createdAt = null)
    {
        if (this[typeUrl].WithReplaced(replacements) is not { } set)
        {
            return null;
        }

        var sets = new Dictionary<string, ResourceSet>(_sets, StringComparer.Ordinal) { [typeUrl] = set };
        return new Snapshot(sets.ToFrozenDictionary(StringComparer.Ordinal), generation, createdAt ?? DateTimeOffset.UtcNow);
    }

    /// <summary>
    /// This snapshot with the resource sets of <paramref name="typeUrls"/> taken from <paramref name="other"/> (the very
    /// same set objects, or none where it has none). How a snapshot derived from another (an encoding variant) follows a
    /// change of its source that left the derived types alone, at no cost per resource.
    /// </summary>
    public Snapshot WithSetsFrom(Snapshot other, IReadOnlyCollection<string> typeUrls, long generation, DateTimeOffset? createdAt = null)
    {
        ArgumentNullException.ThrowIfNull(other);
        ArgumentNullException.ThrowIfNull(typeUrls);
        var sets = new Dictionary<string, ResourceSet>(_sets, StringComparer.Ordinal);
        foreach (var typeUrl in typeUrls)
        {
            if (other._sets.TryGetValue(typeUrl, out var set))
            {
                sets[typeUrl] = set;
            }
            else
            {
                sets.Remove(typeUrl);
            }
        }

        return new Snapshot(sets.ToFrozenDictionary(StringComparer.Ordinal), generation, createdAt ?? DateTimeOffset.UtcNow);
    }

    /// <summary>
    /// True when <paramref name="other"/> holds the very same set object for <paramref name="typeUrl"/>, or neither
    /// snapshot has resources of that type.
    /// </summary>
    public bool SharesSet(Snapshot other, string typeUrl) =>
        ReferenceEquals(_sets.GetValueOrDefault(typeUrl), other._sets.GetValueOrDefault(typeUrl));

    /// <summary>Convenience: serializes each message once and builds the snapshot.</summary>
    public static Snapshot Create(IEnumerable<Google.Protobuf.IMessage> messages, long generation = 0) =>
        Create(messages.Select(m => XdsResource.Create(m)), generation);

    /// <summary>Resource counts per type (short names), for diagnostics.</summary>
    public IReadOnlyDictionary<string, int> Counts() =>
        TypeUrls.PushOrder.ToDictionary(TypeUrls.ShortName, t => this[t].Count);
}
