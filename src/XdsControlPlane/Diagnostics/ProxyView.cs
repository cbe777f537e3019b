using XdsControlPlane.Xds.Ledger;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Diagnostics;

/// <summary>JSON shape of one proxy row: per type what was sent, ACKed and NACKed, and a sync status.</summary>
internal static class ProxyView
{
    public static object From(ProxyStatus p) => new
    {
        streamId = p.StreamId,
        nodeId = p.NodeId,
        cluster = p.Cluster,
        profile = p.Profile,
        client = p.UserAgent,
        protocol = p.Protocol,
        aggregated = p.Aggregated,
        peer = p.Peer,
        connectedAt = p.ConnectedAt,
        types = p.Types.Values.OrderBy(t => t.TypeUrl, StringComparer.Ordinal).ToDictionary(t => TypeUrls.ShortName(t.TypeUrl), t => new
        {
            sent = t.LastSent,
            acked = t.LastAck,
            lastNack = t.LastNack,
            status = t.State switch { SyncState.Synced => "SYNCED", SyncState.Stale => "STALE", SyncState.Error => "ERROR", _ => "NOT_SENT" },
            pushes = t.Pushes,
            acks = t.Acks,
            nacks = t.Nacks,
        }),
    };
}
