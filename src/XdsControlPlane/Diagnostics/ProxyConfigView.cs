using System.Text.Json.Nodes;
using XdsControlPlane.Xds.Ledger;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Diagnostics;

/// <summary>
/// The <c>config</c> of <c>/api/v1/proxies/{nodeId}</c>: per type, the resources last sent and last ACKed, as redacted
/// Envoy JSON. The ledger keeps the very resource instances a stream sent; when it has none for a version (a
/// heartbeat, or a version the stream did not send) the snapshot store's current snapshot and history are searched.
/// </summary>
internal static class ProxyConfigView
{
    public static JsonObject Config(NodeStatus node, ISnapshotStore store)
    {
        var sent = new JsonObject();
        var acked = new JsonObject();
        foreach (var (name, typeUrl) in ProxyView.Types)
        {
            var status = node.Types.GetValueOrDefault(typeUrl);
            sent[name] = status?.LastSent is { } s
                ? Entry(s.Version, node.SentResources(typeUrl) ?? Lookup(store, node.Profile, typeUrl, s.Version), s.Removed)
                : null;
            acked[name] = status?.LastAck is { } a
                ? Entry(a.Version, node.AckedResources(typeUrl) ?? Lookup(store, node.Profile, typeUrl, a.Version), null)
                : null;
        }

        return new JsonObject
        {
            // Delta responses carry changes only: "sent" then lists the changed resources and the removed names of the
            // last response ("changes"), while "acked" is everything the client's ACKed responses left it holding.
            ["sentScope"] = node.Variant == "sotw" ? "full" : "changes",
            ["sent"] = sent,
            ["acked"] = acked,
        };
    }

    private static JsonObject Entry(string version, IReadOnlyList<XdsResource>? resources, IReadOnlyList<string>? removed)
    {
        var entry = new JsonObject { ["version"] = version };
        if (resources is null)
        {
            entry["unavailable"] = $"version {version} no longer in history";
            return entry;
        }

        entry["resources"] = new JsonArray(resources.Select(r => (JsonNode)new JsonObject
        {
            ["name"] = r.Name,
            ["version"] = r.Version,
            ["resource"] = EnvoyJson.ToJson(r.Message),
        }).ToArray());
        if (removed is not null)
        {
            entry["removed"] = new JsonArray(removed.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray());
        }

        return entry;
    }

    /// <summary>The resources of the type set whose version is <paramref name="version"/>, current snapshot first, then history.</summary>
    private static IReadOnlyList<XdsResource>? Lookup(ISnapshotStore store, string profile, string typeUrl, string version)
    {
        var snapshots = new[] { store.Get(profile) }.Concat(store.History.Where(r => r.Profile == profile).Select(r => r.Snapshot));
        foreach (var snapshot in snapshots)
        {
            if (snapshot is not null && snapshot[typeUrl].Version == version)
            {
                return snapshot[typeUrl].Items;
            }
        }

        return null;
    }
}
