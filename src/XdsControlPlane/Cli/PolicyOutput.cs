using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Serialization;

namespace XdsControlPlane.Cli;

/// <summary>How <c>policies get</c> and <c>policies history</c> print: an aligned table, indented JSON, or YAML.</summary>
internal static class PolicyOutput
{
    /// <summary>Indented JSON.</summary>
    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static readonly ISerializer _yaml = new SerializerBuilder().WithQuotingNecessaryStrings().Build();

    /// <summary>NAMESPACE NAME TARGET SECTIONS REVISION UPDATED, one row per policy.</summary>
    public static string Table(IReadOnlyList<JsonObject> policies) => TextTable.Align(
        ["NAMESPACE", "NAME", "TARGET", "SECTIONS", "REVISION", "UPDATED"],
        policies.Select(p =>
        {
            var spec = p["spec"] as JsonObject;
            var target = spec?["targetRef"] as JsonObject;
            var section = (string?)target?["sectionName"] is { } s ? ":" + s : "";
            return new[]
            {
                (string?)p["metadata"]?["namespace"] ?? "",
                (string?)p["metadata"]?["name"] ?? "",
                $"{target?["kind"]}/{(string?)target?["namespace"] ?? (string?)p["metadata"]?["namespace"]}/{target?["name"]}{section}",
                string.Join(',', spec?.Select(e => e.Key).Where(k => k != "targetRef") ?? []),
                p["metadata"]?["revision"]?.ToString() ?? "",
                (string?)p["metadata"]?["updatedAt"] ?? "",
            };
        }));

    /// <summary>REVISION ACTION ACTOR AT, one row per change.</summary>
    public static string History(JsonArray changes) => TextTable.Align(
        ["REVISION", "ACTION", "ACTOR", "AT"],
        changes.OfType<JsonObject>().Select(c => new[] { c["revision"]?.ToString() ?? "", (string?)c["action"] ?? "", (string?)c["actor"] ?? "-", (string?)c["at"] ?? "" }));

    /// <summary>The JSON value as YAML.</summary>
    public static string Yaml(JsonNode node) => _yaml.Serialize(Plain(node));

    private static object? Plain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(p => p.Key, p => Plain(p.Value)),
        JsonArray a => a.Select(Plain).ToList(),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture),
        _ => node.ToJsonString(),
    };
}
