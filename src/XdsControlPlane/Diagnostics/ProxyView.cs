using System.Text.Json.Nodes;
using XdsControlPlane.Xds.Ledger;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Diagnostics;

/// <summary>
/// JSON shape of one proxy row of <c>/api/v1/proxies</c> (one per identity and node id). A dashboard is built against it: every
/// field is always present (null when unknown) and all five types are listed.
/// </summary>
internal static class ProxyView
{
    /// <summary>Short type names in display order.</summary>
    public static readonly IReadOnlyList<(string Short, string TypeUrl)> Types =
    [
        ("LDS", TypeUrls.Listener), ("RDS", TypeUrls.RouteConfiguration), ("CDS", TypeUrls.Cluster),
        ("EDS", TypeUrls.ClusterLoadAssignment), ("SDS", TypeUrls.Secret),
    ];

    /// <summary>The row of <paramref name="node"/> at <paramref name="now"/>.</summary>
    public static JsonObject Row(NodeStatus node, DateTimeOffset now)
    {
        var types = new JsonObject();
        var states = new List<SyncState>();
        foreach (var (name, typeUrl) in Types)
        {
            var status = node.Types.GetValueOrDefault(typeUrl);
            states.Add(status?.State ?? SyncState.NotSent);
            types[name] = Type(status, node.ConnectedAt, now);
        }

        var (kind, clientName, clientVersion) = Client(node);
        return new JsonObject
        {
            ["nodeId"] = node.NodeId,
            ["identity"] = node.Principal,
            ["cluster"] = node.Cluster,
            ["profile"] = node.Profile,
            ["client"] = new JsonObject { ["kind"] = kind, ["name"] = clientName, ["version"] = clientVersion },
            ["protocol"] = new JsonObject { ["variant"] = node.Variant, ["transport"] = node.Transport },
            ["streams"] = node.Streams,
            ["connectedAt"] = node.ConnectedAt,
            ["status"] = StatusName(Worst(states)),
            ["types"] = types,
        };
    }

    /// <summary>Wire name of a state.</summary>
    public static string StatusName(SyncState state) => state switch
    {
        SyncState.Synced => "SYNCED",
        SyncState.Stale => "STALE",
        SyncState.Error => "ERROR",
        _ => "NOT_SENT",
    };

    /// <summary>The node's overall state: ERROR over STALE over SYNCED; NOT_SENT only when nothing was sent at all.</summary>
    public static SyncState Worst(IEnumerable<SyncState> states)
    {
        var all = states.ToArray();
        return all.Contains(SyncState.Error) ? SyncState.Error
            : all.Contains(SyncState.Stale) ? SyncState.Stale
            : all.Contains(SyncState.Synced) ? SyncState.Synced
            : SyncState.NotSent;
    }

    /// <summary>(kind, name, version) of the client from its node's user agent.</summary>
    public static (string Kind, string Name, string Version) Client(NodeStatus node)
    {
        var name = node.Node?.UserAgentName ?? node.UserAgent;
        var version = node.Node switch
        {
            { UserAgentVersionTypeCase: Envoy.Config.Core.V3.Node.UserAgentVersionTypeOneofCase.UserAgentVersion } n => n.UserAgentVersion,
            { UserAgentBuildVersion.Version: { } v } => $"{v.MajorNumber}.{v.MinorNumber}.{v.Patch}",
            _ => string.Empty,
        };
        var kind = name.Contains("envoy", StringComparison.OrdinalIgnoreCase) ? "envoy"
            : name.Contains("grpc", StringComparison.OrdinalIgnoreCase) ? "grpc"
            : "unknown";
        return (kind, name, version);
    }

    private static JsonObject Type(TypeStatus? status, DateTimeOffset connectedAt, DateTimeOffset now)
    {
        var state = status?.State ?? SyncState.NotSent;
        // Age of what the status is about: since the ACK (SYNCED), the unanswered push (STALE), the NACK (ERROR),
        // or the connection (NOT_SENT: how long the client has waited for anything).
        var since = state switch
        {
            SyncState.Synced => status!.LastAck!.At,
            SyncState.Stale => status!.LastSent!.At,
            SyncState.Error => status!.LastNack!.At,
            _ => connectedAt,
        };
        return new JsonObject
        {
            ["sent"] = status?.LastSent is { } sent
                ? new JsonObject { ["version"] = sent.Version, ["nonce"] = sent.Nonce, ["at"] = sent.At, ["resources"] = sent.ResourceCount }
                : null,
            ["acked"] = status?.LastAck is { } ack ? new JsonObject { ["version"] = ack.Version, ["at"] = ack.At } : null,
            ["status"] = StatusName(state),
            ["ageSeconds"] = Math.Round(Math.Max(0, (now - since).TotalSeconds), 3),
            ["lastError"] = status?.LastNack is { } nack
                ? new JsonObject { ["version"] = nack.RejectedVersion, ["message"] = nack.Message, ["code"] = nack.Code, ["at"] = nack.At }
                : null,
            ["updates"] = status?.Pushes ?? 0,
            ["acks"] = status?.Acks ?? 0,
            ["errors"] = status?.Nacks ?? 0,
        };
    }
}
