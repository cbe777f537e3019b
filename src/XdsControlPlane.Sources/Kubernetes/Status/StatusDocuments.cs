using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using XdsControlPlane.Model;

namespace XdsControlPlane.Sources.Kubernetes.Status;

/// <summary>
/// Builds the <c>status</c> a GatewayClass, Gateway (with its listeners), route or XdsPolicy should have, the Gateway
/// API way: conditions with observedGeneration, and a lastTransitionTime kept from the current status while a
/// condition's status does not change. Route status keeps the parents entries of other controllers (a merge patch
/// replaces the whole list).
/// </summary>
internal static class StatusDocuments
{
    private const int MaxMessage = 32 * 1024;
    private const string GatewayGroup = "gateway.networking.k8s.io";

    /// <summary>
    /// The status of a GatewayClass, XdsPolicy, or a Gateway: <c>{"conditions":[...]}</c>, and for a Gateway with
    /// <paramref name="listeners"/> <c>"listeners":[{name, supportedKinds, attachedRoutes, conditions}]</c>.
    /// </summary>
    public static JsonObject Gateway(IEnumerable<StatusCondition> conditions, long generation, JsonElement current, DateTimeOffset now, IReadOnlyList<ListenerStatus>? listeners = null)
    {
        var status = new JsonObject { ["conditions"] = Conditions(conditions, generation, Field(current, "conditions"), now) };
        if (listeners is { Count: > 0 })
        {
            var currentListeners = Field(current, "listeners") is { ValueKind: JsonValueKind.Array } list ? list.EnumerateArray().ToList() : [];
            var array = new JsonArray();
            foreach (var listener in listeners)
            {
                var existing = currentListeners.FirstOrDefault(l => Text(l, "name") == listener.Name);
                array.Add(new JsonObject
                {
                    ["name"] = listener.Name,
                    ["supportedKinds"] = new JsonArray([.. listener.SupportedKinds.Select(k => (JsonNode)new JsonObject { ["group"] = GatewayGroup, ["kind"] = k })]),
                    ["attachedRoutes"] = listener.AttachedRoutes,
                    ["conditions"] = Conditions(listener.Conditions, generation, Field(existing, "conditions"), now),
                });
            }

            status["listeners"] = array;
        }

        return status;
    }

    /// <summary>A route's <c>status.parents</c>: other controllers' entries, then one per parentRef in <paramref name="ours"/>.</summary>
    public static JsonObject Route(IEnumerable<(JsonObject ParentRef, EquatableArray<StatusCondition> Conditions, long Generation)> ours, string controllerName, JsonElement current, DateTimeOffset now)
    {
        var currentParents = Field(current, "parents") is { ValueKind: JsonValueKind.Array } list ? list.EnumerateArray().ToList() : [];
        var parents = new JsonArray();
        foreach (var other in currentParents.Where(p => Text(p, "controllerName") != controllerName))
        {
            parents.Add(JsonNode.Parse(other.GetRawText()));
        }

        foreach (var (parentRef, conditions, generation) in ours)
        {
            var existing = currentParents.FirstOrDefault(p => Text(p, "controllerName") == controllerName
                && p.TryGetProperty("parentRef", out var r) && JsonNode.DeepEquals(JsonNode.Parse(r.GetRawText()), parentRef));
            parents.Add(new JsonObject
            {
                ["parentRef"] = parentRef.DeepClone(),
                ["controllerName"] = controllerName,
                ["conditions"] = Conditions(conditions, generation, Field(existing, "conditions"), now),
            });
        }

        return new JsonObject { ["parents"] = parents };
    }

    /// <summary>A parentRef as Gateway API spells it, with the defaults (group, kind, namespace) written out.</summary>
    public static JsonObject ParentRef(ParentRef parent)
    {
        var json = new JsonObject
        {
            ["group"] = parent.Kind == "Service" ? "" : GatewayGroup,
            ["kind"] = parent.Kind,
            ["namespace"] = parent.Namespace,
            ["name"] = parent.Name,
        };
        if (parent.SectionName is { } section)
        {
            json["sectionName"] = section;
        }

        if (parent.Port is { } port)
        {
            json["port"] = port;
        }

        return json;
    }

    /// <summary>A parentRef as written in a route that failed to map, with the defaults filled in.</summary>
    public static JsonObject ParentRef(JsonElement raw, string routeNamespace)
    {
        var kind = Text(raw, "kind") ?? "Gateway";
        var port = raw.ValueKind == JsonValueKind.Object && raw.TryGetProperty("port", out var p) && p.TryGetInt32(out var n) ? n : (int?)null;
        return ParentRef(new ParentRef(kind, Text(raw, "namespace") ?? routeNamespace, Text(raw, "name") ?? "", Text(raw, "sectionName"), port));
    }

    /// <summary>True when <paramref name="desired"/> (one status field) equals the current one, lastTransitionTime aside.</summary>
    public static bool Unchanged(JsonObject desired, JsonElement current)
    {
        if (current.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        foreach (var (name, value) in desired)
        {
            if (!current.TryGetProperty(name, out var field) || !JsonNode.DeepEquals(WithoutTimes(value), WithoutTimes(JsonNode.Parse(field.GetRawText()))))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The desired status as a comparable string, lastTransitionTime aside.</summary>
    public static string Fingerprint(JsonObject desired) => WithoutTimes(desired)?.ToJsonString() ?? "";

    private static JsonArray Conditions(IEnumerable<StatusCondition> conditions, long generation, JsonElement current, DateTimeOffset now)
    {
        var array = new JsonArray();
        foreach (var c in conditions.OrderBy(c => c.Type, StringComparer.Ordinal))
        {
            var status = c.Status ? "True" : "False";
            var previous = current.ValueKind == JsonValueKind.Array
                ? current.EnumerateArray().FirstOrDefault(p => Text(p, "type") == c.Type && Text(p, "status") == status)
                : default;
            array.Add(new JsonObject
            {
                ["type"] = c.Type,
                ["status"] = status,
                ["reason"] = c.Reason,
                ["message"] = c.Message.Length > MaxMessage ? c.Message[..MaxMessage] : c.Message,
                ["observedGeneration"] = generation,
                ["lastTransitionTime"] = Text(previous, "lastTransitionTime") ?? now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            });
        }

        return array;
    }

    private static JsonNode? WithoutTimes(JsonNode? node)
    {
        var copy = node?.DeepClone();
        Strip(copy);
        return copy;
    }

    private static void Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                obj.Remove("lastTransitionTime");
                foreach (var (_, value) in obj)
                {
                    Strip(value);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Strip(item);
                }

                break;
        }
    }

    private static JsonElement Field(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
