using System.Text.Json.Nodes;

namespace XdsControlPlane.Diagnostics;

/// <summary>
/// Field-level differences between two JSON documents (here: the redacted Envoy JSON of two versions of a resource).
/// Objects are compared by field name, arrays by index; each difference names its path in the JavaScript style
/// (<c>loadAssignment.endpoints[0].lbEndpoints[1].endpoint.address.socketAddress.portValue</c>).
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
            case (JsonArray a, JsonArray b):
                for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
                {
                    var item = $"{path}[{i}]";
                    if (i >= b.Count)
                    {
                        changes.Add(Change(item, Removed, a[i], null));
                    }
                    else if (i >= a.Count)
                    {
                        changes.Add(Change(item, Added, null, b[i]));
                    }
                    else
                    {
                        Walk(item, a[i], b[i], changes);
                    }
                }

                break;
            default:
                if (!JsonNode.DeepEquals(from, to))
                {
                    changes.Add(Change(path, Changed, from, to));
                }

                break;
        }
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
