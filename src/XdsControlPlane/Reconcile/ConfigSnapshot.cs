using System.Collections.Immutable;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Reconcile;

/// <summary>
/// The whole compiled configuration of one model generation: one <see cref="Snapshot"/> per profile. Its
/// <see cref="Version"/> is a content hash over the (profile, profile snapshot version) pairs, so equal content
/// gives an equal version on any replica and after a restart; this is what history, diffs and the pin name.
/// </summary>
internal sealed class ConfigSnapshot
{
    private ConfigSnapshot(long generation, DateTimeOffset createdAt, ImmutableSortedDictionary<string, Snapshot> profiles, IReadOnlyList<ModelChange> causes)
    {
        Generation = generation;
        CreatedAt = createdAt;
        Profiles = profiles;
        Causes = causes;
        Version = ContentHash.OfPairs(profiles.Select(p => (p.Key, p.Value.Version)));
    }

    /// <summary>Content hash (16 hex characters) over every profile's snapshot version.</summary>
    public string Version { get; }

    /// <summary>Generation of the model it was compiled from (counts builds of this process).</summary>
    public long Generation { get; }

    /// <summary>When it was compiled.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>The snapshot of every profile the compiler produced, by profile name (ordinal order).</summary>
    public ImmutableSortedDictionary<string, Snapshot> Profiles { get; }

    /// <summary>The source objects that changed since the previous entry of the history.</summary>
    public IReadOnlyList<ModelChange> Causes { get; }

    /// <summary>Creates a configuration snapshot.</summary>
    public static ConfigSnapshot Create(long generation, DateTimeOffset createdAt, IEnumerable<KeyValuePair<string, Snapshot>> profiles, IReadOnlyList<ModelChange>? causes = null) =>
        new(generation, createdAt, profiles.ToImmutableSortedDictionary(StringComparer.Ordinal), causes ?? []);

    /// <summary>The same content with other causes.</summary>
    public ConfigSnapshot WithCauses(IReadOnlyList<ModelChange> causes) => new(Generation, CreatedAt, Profiles, causes);

    /// <summary>The same content with another generation (a snapshot restored from an earlier process).</summary>
    public ConfigSnapshot WithGeneration(long generation) => new(generation, CreatedAt, Profiles, Causes);

    /// <summary>Resources per type (short names: LDS, RDS, CDS, EDS, SDS), summed over profiles.</summary>
    public IReadOnlyDictionary<string, int> Counts() => TypeOrder.ToDictionary(TypeUrls.ShortName, t => Profiles.Values.Sum(s => s[t].Count));

    /// <summary>Resource types in the order the diagnostics API lists them.</summary>
    public static IReadOnlyList<string> TypeOrder { get; } =
        [TypeUrls.Listener, TypeUrls.RouteConfiguration, TypeUrls.Cluster, TypeUrls.ClusterLoadAssignment, TypeUrls.Secret];
}
