using System.Globalization;
using System.Text.Json.Nodes;

namespace XdsControlPlane.Testing.Kubernetes;

/// <summary>Storage: kinds, keys, and writes that bump resourceVersion and generation as the real server does.</summary>
public sealed partial class SimulatedApiServer
{
    private SimulatedKind KindOf(string apiVersion, string kind)
    {
        lock (_gate)
        {
            return _kinds.Values.FirstOrDefault(k => k.ApiVersion == apiVersion && k.Kind == kind)
                ?? SimulatedKind.Defaults.FirstOrDefault(k => k.ApiVersion == apiVersion && k.Kind == kind)
                ?? throw new ArgumentException($"the simulated API server does not know {apiVersion} {kind}");
        }
    }

    private static string Key(string? ns, string name) => $"{ns}/{name}";

    // Under _gate.
    private JsonObject Upsert(SimulatedKind kind, JsonObject obj, bool keepStatus)
    {
        var metadata = obj["metadata"] as JsonObject ?? throw new ArgumentException("metadata is required");
        var ns = kind.Namespaced ? (string?)metadata["namespace"] ?? "default" : null;
        var name = (string?)metadata["name"] ?? throw new ArgumentException("metadata.name is required");
        if (ns is not null)
        {
            metadata["namespace"] = ns;
        }

        obj["apiVersion"] = kind.ApiVersion;
        obj["kind"] = kind.Kind;
        var store = _objects[kind.Plural];
        var exists = store.TryGetValue(Key(ns, name), out var old);
        var oldMetadata = old?["metadata"] as JsonObject;
        var generation = (long?)oldMetadata?["generation"] ?? 0;
        if (!exists || !JsonNode.DeepEquals(Spec(old!), Spec(obj)))
        {
            generation++;
        }

        if (keepStatus && old?["status"] is { } status)
        {
            obj["status"] = status.DeepClone();
        }

        var version = ++_version;
        metadata["generation"] = generation;
        metadata["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture);
        metadata["uid"] = (string?)oldMetadata?["uid"] ?? $"00000000-0000-0000-0000-{++_uid:D12}";
        metadata["creationTimestamp"] = (string?)oldMetadata?["creationTimestamp"] ?? "2026-01-01T00:00:00Z";
        // What kubectl and controllers leave behind; clients should not keep it.
        metadata["managedFields"] = new JsonArray(new JsonObject { ["manager"] = "simulated", ["operation"] = "Update", ["fieldsV1"] = new JsonObject() });
        store[Key(ns, name)] = obj;
        Emit(kind, exists ? "MODIFIED" : "ADDED", obj, version);
        return obj;
    }

    private static JsonObject Spec(JsonObject obj)
    {
        var copy = obj.DeepClone().AsObject();
        copy.Remove("metadata");
        copy.Remove("status");
        return copy;
    }
}
