using System.Text.Json.Nodes;

namespace XdsControlPlane.Diagnostics;

/// <summary>
/// Field-level differences between two JSON documents (here: the redacted Envoy JSON of two versions of a resource).
/// Objects are compared by field name; arrays of named objects by name (<c>virtualHosts[name=web].routes[name=r1]</c>),
/// other arrays by position after skipping equal elements at both ends. Each difference names its path in the
/// JavaScript style (<c>loadAssignment.endpoints[0].lbEndpoints[1].endpoint.address.socketAddress.portValue</c>).
/// </summary>
internal static class JsonDiff
{
    /// <summary>Operation of a field whose value differs.</summary>
    public const string Changed = "changed";

    /// <summary>Operation of a field only the newer document has.</summary>
    public const string Added = "added";

    /// <summary>Operation of a field only the older document has.</summary>
    public const string Removed = "removed";

    /// <summary>Every difference from <paramref name="from"/> to <paramref name="to"/>, in document order.</summary>
    public static IReadOnlyList<JsonObject> Fields(JsonNode? from, JsonNode? to)
    {
        var changes = new List<JsonObject>();
        Walk(string.Empty, from, to, changes);
        return changes;
    }

    private static void Walk(string path, JsonNode? from, JsonNode? to, List<JsonObject> changes)
    {
        switch (from, to)
        {
            case (JsonObject a, JsonObject b):
                foreach (var (name, value) in a)
                {
                    if (b.TryGetPropertyValue(name, out var other))
                    {
                        Walk(Member(path, name), value, other, changes);
                    }
                    else
                    {
                        changes.Add(Change(Member(path, name), Removed, value, null));
                    }
                }

                foreach (var (name, value) in b.Where(p => !a.ContainsKey(p.Key)))
                {
                    changes.Add(Change(Member(path, name), Added, null, value));
                }

                break;
            case (JsonArray a, JsonArray b) when Names(a) is { } fromNames && Names(b) is { } toNames:
                WalkNamed(path, a, fromNames, b, toNames, changes);
                break;
            case (JsonArray a, JsonArray b):
                WalkAligned(path, a, b, changes);
                break;
            default:
                if (!JsonNode.DeepEquals(from, to))
                {
                    changes.Add(Change(path, Changed, from, to));
                }

                break;
        }
    }

    // Arrays of objects that each carry a unique string "name" (clusters, virtual hosts, routes, filters, listeners'
    // filter chains...) are matched by that name: an element inserted in front shows as one addition, not as every
    // later element changed. Their order still matters to Envoy (the first matching route wins), so a different order
    // of the names both sides have is reported once, as a change of the name sequence.
    private static void WalkNamed(string path, JsonArray a, string[] fromNames, JsonArray b, string[] toNames, List<JsonObject> changes)
    {
        var toIndex = toNames.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        var fromIndex = fromNames.ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < a.Count; i++)
        {
            var item = $"{path}[name={fromNames[i]}]";
            if (toIndex.TryGetValue(fromNames[i], out var j))
            {
                Walk(item, a[i], b[j], changes);
            }
            else
            {
                changes.Add(Change(item, Removed, a[i], null));
            }
        }

        for (var j = 0; j < b.Count; j++)
        {
            if (!fromIndex.Contains(toNames[j]))
            {
                changes.Add(Change($"{path}[name={toNames[j]}]", Added, null, b[j]));
            }
        }

        var keptFrom = fromNames.Where(toIndex.ContainsKey).ToArray();
        var keptTo = toNames.Where(fromIndex.Contains).ToArray();
        if (!keptFrom.SequenceEqual(keptTo, StringComparer.Ordinal))
        {
            changes.Add(Change($"{path}[*].name", Changed, new JsonArray([.. keptFrom.Select(n => JsonValue.Create(n))]),
                new JsonArray([.. keptTo.Select(n => JsonValue.Create(n))])));
        }
    }

    // Other arrays: equal elements at the start and at the end are skipped, the rest is compared position by position
    // (an insertion or removal anywhere shows as that one element, not as a shift of everything after it). Indexes
    // are the newer document's, except for removed elements, which carry their index in the older one.
    private static void WalkAligned(string path, JsonArray a, JsonArray b, List<JsonObject> changes)
    {
        var prefix = 0;
        while (prefix < a.Count && prefix < b.Count && JsonNode.DeepEquals(a[prefix], b[prefix]))
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < a.Count - prefix && suffix < b.Count - prefix && JsonNode.DeepEquals(a[a.Count - 1 - suffix], b[b.Count - 1 - suffix]))
        {
            suffix++;
        }

        var (fromGap, toGap) = (a.Count - prefix - suffix, b.Count - prefix - suffix);
        for (var k = 0; k < Math.Max(fromGap, toGap); k++)
        {
            var (i, j) = (prefix + k, prefix + k);
            if (k >= toGap)
            {
                changes.Add(Change($"{path}[{i}]", Removed, a[i], null));
            }
            else if (k >= fromGap)
            {
                changes.Add(Change($"{path}[{j}]", Added, null, b[j]));
            }
            else
            {
                Walk($"{path}[{j}]", a[i], b[j], changes);
            }
        }
    }

    // The "name" of every element when each is an object with a distinct, non-empty string name; otherwise null.
    private static string[]? Names(JsonArray array)
    {
        if (array.Count == 0)
        {
            return null;
        }

        var names = new string[array.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject item || item["name"] is not JsonValue value || !value.TryGetValue<string>(out var name)
                || name.Length == 0 || !seen.Add(name))
            {
                return null;
            }

            names[i] = name;
        }

        return names;
    }

    private static string Member(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static JsonObject Change(string path, string op, JsonNode? from, JsonNode? to) => new()
    {
        ["path"] = path,
        ["op"] = op,
        ["from"] = from?.DeepClone(),
        ["to"] = to?.DeepClone(),
    };
}
