using System.Globalization;
using System.Text.Json;
using XdsControlPlane.Sources.Documents;

namespace XdsControlPlane.Sources.Kubernetes.Api;

/// <summary>
/// Turns objects from the API into the <see cref="DocumentNode"/> trees the mappers read (so a manifest and an API
/// object map alike), leaving out what the control plane never reads: <c>metadata.managedFields</c> and
/// <c>status</c> (often the bulk of an object).
/// </summary>
internal static class ApiObjects
{
    /// <summary>Converts <paramref name="obj"/>, an object of the API.</summary>
    public static MappingNode ToNode(JsonElement obj) => (MappingNode)Convert(obj, depth: 0, parent: null);

    /// <summary><c>metadata.resourceVersion</c>, or null.</summary>
    public static string? ResourceVersion(JsonElement obj) => Metadata(obj, "resourceVersion");

    /// <summary><c>metadata.namespace</c>/<c>metadata.name</c> (namespace empty when cluster-scoped).</summary>
    public static string Key(JsonElement obj) => $"{Metadata(obj, "namespace") ?? ""}/{Metadata(obj, "name") ?? ""}";

    /// <summary><c>metadata.generation</c>, or 0.</summary>
    public static long Generation(JsonElement obj) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object
        && m.TryGetProperty("generation", out var g) && g.TryGetInt64(out var value) ? value : 0;

    private static string? Metadata(JsonElement obj, string field) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object
        && m.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static DocumentNode Convert(JsonElement element, int depth, string? parent)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var entries = new List<KeyValuePair<string, DocumentNode>>();
                foreach (var property in element.EnumerateObject())
                {
                    if ((depth == 0 && property.Name == "status") || (depth == 1 && parent == "metadata" && property.Name == "managedFields"))
                    {
                        continue;
                    }

                    entries.Add(new(property.Name, Convert(property.Value, depth + 1, property.Name)));
                }

                return new MappingNode(0, 0, entries);
            case JsonValueKind.Array:
                return new SequenceNode(0, 0, [.. element.EnumerateArray().Select(e => Convert(e, depth + 1, null))]);
            case JsonValueKind.String:
                return new ScalarNode(0, 0, ScalarKind.String, element.GetString()!);
            case JsonValueKind.Number:
                return new ScalarNode(0, 0, ScalarKind.Number, element.GetRawText());
            case JsonValueKind.True or JsonValueKind.False:
                return new ScalarNode(0, 0, ScalarKind.Boolean, element.GetBoolean().ToString(CultureInfo.InvariantCulture).ToLowerInvariant());
            default:
                return new ScalarNode(0, 0, ScalarKind.Null, "");
        }
    }
}
