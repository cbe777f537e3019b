using System.Collections.Immutable;

namespace XdsControlPlane.Xds.Snapshots;

/// <summary>All resources of one type in a snapshot, sorted by name, with a content-derived version.</summary>
public sealed class ResourceSet
{
    private ResourceSet(string typeUrl, ImmutableArray<XdsResource> items, ResourceIndex? sameNames = null)
    {
        TypeUrl = typeUrl;
        Items = items;
        ByName = sameNames is null ? ResourceIndex.Of(items) : new ResourceIndex(sameNames.Positions, items);
        Version = VersionOf(items);
    }

    /// <summary>The type of every item.</summary>
    public string TypeUrl { get; }

    /// <summary>The resources, sorted by name (ordinal).</summary>
    public ImmutableArray<XdsResource> Items { get; }

    /// <summary>The resources by name.</summary>
    public ResourceIndex ByName { get; }

    /// <summary>Hash of the (name, version) pairs: changes exactly when a resource is added, removed or changed.</summary>
    public string Version { get; }

    /// <summary>Number of resources.</summary>
    public int Count => Items.Length;

    /// <summary>Creates a set; names must be unique (a response never names a resource twice, P21).</summary>
    public static ResourceSet Create(string typeUrl, IEnumerable<XdsResource> resources)
    {
        var items = resources.OrderBy(r => r.Name, StringComparer.Ordinal).ToImmutableArray();
        for (var i = 0; i < items.Length; i++)
        {
            if (items[i].TypeUrl != typeUrl)
            {
                throw new ArgumentException($"resource '{items[i].Name}' is a {items[i].TypeUrl}, not a {typeUrl}", nameof(resources));
            }

            if (i > 0 && items[i - 1].Name == items[i].Name)
            {
                throw new ArgumentException($"{TypeUrls.ShortName(typeUrl)} resource '{items[i].Name}' appears twice", nameof(resources));
            }
        }

        return new ResourceSet(typeUrl, items);
    }

    /// <summary>An empty set of the given type.</summary>
    public static ResourceSet Empty(string typeUrl) => new(typeUrl, []);

    /// <summary>
    /// Identity of this set's list of names: sets made by <see cref="WithReplaced"/> share it with the set they came
    /// from, so a consistency check can tell that no name came or went without comparing them.
    /// </summary>
    internal object Names => ByName.Positions;

    /// <summary>
    /// This set with some resources replaced by new versions of the same names (the order and every other item kept),
    /// or null when a replacement names a resource the set does not hold. Costs one copy of the item array, not a sort.
    /// </summary>
    public ResourceSet? WithReplaced(IReadOnlyCollection<XdsResource> replacements)
    {
        ArgumentNullException.ThrowIfNull(replacements);
        var items = Items.ToBuilder();
        foreach (var resource in replacements)
        {
            if (!ByName.Positions.TryGetValue(resource.Name, out var index) || resource.TypeUrl != TypeUrl)
            {
                return null;
            }

            items[index] = resource;
        }

        return new ResourceSet(TypeUrl, items.MoveToImmutable(), ByName);
    }

    /// <summary>
    /// The resources this set holds among <paramref name="names"/>, each once, sorted by name: what a subscription to
    /// those names is answered with. Names the set does not hold are left out.
    /// </summary>
    public XdsResource[] Select(IEnumerable<string> names)
    {
        // Positions follow the name order of Items, so sorting them sorts by name without comparing strings.
        var positions = new SortedSet<int>();
        foreach (var name in names)
        {
            if (ByName.Positions.TryGetValue(name, out var position))
            {
                positions.Add(position);
            }
        }

        return [.. positions.Select(position => Items[position])];
    }

    /// <summary>Version of any selection of resources, given sorted by name: equal selections give equal versions.</summary>
    public static string VersionOf(IEnumerable<XdsResource> sortedResources) =>
        ContentHash.OfPairs(sortedResources.Select(r => (r.Name, r.Version)));
}
