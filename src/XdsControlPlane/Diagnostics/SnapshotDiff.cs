using System.Text.Json.Nodes;
using XdsControlPlane.Reconcile;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Diagnostics;

/// <summary>
/// What differs between two configuration snapshots, per profile and type: resources added, removed and changed,
/// with a field-level diff of the changed ones computed on their redacted Envoy JSON, so no secret can show.
/// Profiles and types without a difference are left out.
/// </summary>
internal static class SnapshotDiff
{
    /// <summary>The diff from <paramref name="from"/> to <paramref name="to"/> as the API returns it.</summary>
    public static JsonObject Between(ConfigSnapshot from, ConfigSnapshot to)
    {
        var profiles = new JsonObject();
        foreach (var profile in from.Profiles.Keys.Union(to.Profiles.Keys).Order(StringComparer.Ordinal))
        {
            var before = from.Profiles.GetValueOrDefault(profile);
            var after = to.Profiles.GetValueOrDefault(profile);
            if (before?.Version == after?.Version)
            {
                continue;
            }

            var types = new JsonObject();
            foreach (var typeUrl in ConfigSnapshot.TypeOrder)
            {
                var a = before?[typeUrl] ?? ResourceSet.Empty(typeUrl);
                var b = after?[typeUrl] ?? ResourceSet.Empty(typeUrl);
                if (a.Version != b.Version && Types(a, b) is { } diff)
                {
                    types[TypeUrls.ShortName(typeUrl)] = diff;
                }
            }

            if (types.Count > 0)
            {
                profiles[profile] = types;
            }
        }

        return new JsonObject { ["from"] = from.Version, ["to"] = to.Version, ["profiles"] = profiles };
    }

    private static JsonObject? Types(ResourceSet from, ResourceSet to)
    {
        var added = new JsonArray();
        var removed = new JsonArray();
        var changed = new JsonArray();
        foreach (var resource in from.Items)
        {
            if (!to.ByName.TryGetValue(resource.Name, out var other))
            {
                removed.Add(resource.Name);
            }
            else if (other.Version != resource.Version)
            {
                changed.Add(new JsonObject
                {
                    ["name"] = resource.Name,
                    ["fromVersion"] = resource.Version,
                    ["toVersion"] = other.Version,
                    ["fields"] = new JsonArray([.. JsonDiff.Fields(EnvoyJson.ToJson(resource.Message), EnvoyJson.ToJson(other.Message))]),
                });
            }
        }

        foreach (var resource in to.Items.Where(r => !from.ByName.ContainsKey(r.Name)))
        {
            added.Add(resource.Name);
        }

        return added.Count + removed.Count + changed.Count == 0
            ? null
            : new JsonObject { ["added"] = added, ["removed"] = removed, ["changed"] = changed };
    }
}
