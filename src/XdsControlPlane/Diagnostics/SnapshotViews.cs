using System.Text.Json.Nodes;
using XdsControlPlane.Reconcile;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Diagnostics;

/// <summary>JSON shapes of configuration snapshots and of the pin (camelCase; profiles and types keyed by name).</summary>
internal static class SnapshotViews
{
    /// <summary>Causes listed per row of the history (the detail lists all; <c>causeCount</c> says how many there are).</summary>
    public const int CausesPerRow = 20;

    /// <summary>One row of the history.</summary>
    public static JsonObject Row(ConfigSnapshot snapshot, Reconciler reconciler)
    {
        var row = Header(snapshot, reconciler, CausesPerRow);
        row["profiles"] = new JsonArray([.. snapshot.Profiles.Keys.Select(p => (JsonNode)p)]);
        return row;
    }

    /// <summary>A snapshot with every resource's name and version per profile and type.</summary>
    public static JsonObject Detail(ConfigSnapshot snapshot, Reconciler reconciler)
    {
        var profiles = new JsonObject();
        foreach (var (name, profile) in snapshot.Profiles)
        {
            profiles[name] = new JsonObject
            {
                ["version"] = profile.Version,
                ["resources"] = PerType(profile, r => new JsonObject { ["name"] = r.Name, ["version"] = r.Version }),
            };
        }

        var detail = Header(snapshot, reconciler, int.MaxValue);
        detail["profiles"] = profiles;
        return detail;
    }

    /// <summary>A snapshot with every resource as (redacted) Envoy JSON per profile and type.</summary>
    public static JsonObject Envoy(ConfigSnapshot snapshot, Reconciler reconciler)
    {
        var profiles = new JsonObject();
        foreach (var (name, profile) in snapshot.Profiles)
        {
            profiles[name] = PerType(profile, r => EnvoyJson.ToJson(r.Message));
        }

        var detail = Header(snapshot, reconciler, int.MaxValue);
        detail["profiles"] = profiles;
        return detail;
    }

    /// <summary>The pin: <c>{"pinned": {...} | null, "latest": version | null}</c>, plus <c>restoreError</c> when the pin file could not be restored.</summary>
    public static JsonObject Pin(Reconciler reconciler, bool withLatest)
    {
        var view = new JsonObject
        {
            ["pinned"] = reconciler.Pinned is { } pin
                ? new JsonObject { ["version"] = pin.Snapshot.Version, ["generation"] = pin.Snapshot.Generation, ["pinnedAt"] = pin.PinnedAt }
                : null,
        };
        if (withLatest)
        {
            view["latest"] = reconciler.Latest?.Version;
        }

        if (reconciler.PinRestoreError is { } error)
        {
            view["restoreError"] = error;
        }

        return view;
    }

    /// <summary>An error body: <c>{"error": message}</c>.</summary>
    public static JsonObject Error(string message) => new() { ["error"] = message };

    private static JsonObject Header(ConfigSnapshot snapshot, Reconciler reconciler, int maxCauses)
    {
        var counts = new JsonObject();
        foreach (var (type, count) in snapshot.Counts())
        {
            counts[type] = count;
        }

        return new JsonObject
        {
            ["version"] = snapshot.Version,
            ["generation"] = snapshot.Generation,
            ["createdAt"] = snapshot.CreatedAt,
            ["current"] = ReferenceEquals(snapshot, reconciler.Current),
            ["pinned"] = ReferenceEquals(snapshot, reconciler.Pinned?.Snapshot),
            ["causes"] = new JsonArray([.. snapshot.Causes.Take(maxCauses).Select(Cause)]),
            ["causeCount"] = snapshot.Causes.Count,
            ["counts"] = counts,
        };
    }

    private static JsonNode Cause(ModelChange c) => new JsonObject { ["kind"] = c.Kind, ["namespace"] = c.Namespace, ["name"] = c.Name, ["change"] = c.Change };

    private static JsonObject PerType(Snapshot profile, Func<XdsResource, JsonNode> item)
    {
        var types = new JsonObject();
        foreach (var typeUrl in ConfigSnapshot.TypeOrder)
        {
            types[TypeUrls.ShortName(typeUrl)] = new JsonArray([.. profile[typeUrl].Items.Select(item)]);
        }

        return types;
    }
}
