using Envoy.Config.Core.V3;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Xds.Ledger;

/// <summary>
/// One connected node: its streams merged (ADS has one; per-type services one per type). Per type, the stream that
/// connected last wins when two serve the same type (a reconnect overlapping the old stream).
/// </summary>
/// <param name="NodeId">Node id.</param>
/// <param name="Node">The node as last announced, or null when unknown.</param>
/// <param name="Cluster">Node cluster.</param>
/// <param name="Profile">Resolved profile.</param>
/// <param name="UserAgent">Client name and version.</param>
/// <param name="Variant"><c>sotw</c>, <c>delta</c>, or <c>mixed</c> when its streams differ.</param>
/// <param name="Transport"><c>ads</c>, <c>per-type</c>, or <c>mixed</c>.</param>
/// <param name="ConnectedAt">When its oldest open stream opened.</param>
/// <param name="Streams">Open streams.</param>
/// <param name="Types">Per type URL.</param>
public sealed record NodeStatus(
    string NodeId,
    Node? Node,
    string Cluster,
    string Profile,
    string UserAgent,
    string Variant,
    string Transport,
    DateTimeOffset ConnectedAt,
    int Streams,
    IReadOnlyDictionary<string, TypeStatus> Types)
{
    /// <summary>The identity (SPIFFE ID) the node's streams authenticated as, or null without mutual TLS.</summary>
    public string? Principal { get; init; }

    /// <summary>
    /// Delta streams: per type, what the client holds after the responses it ACKed (each resource at its own version).
    /// Filled by <see cref="IProxyLedger.FindNode"/> only; empty in lists and for SotW.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<XdsResource>> Held { get; init; } = new Dictionary<string, IReadOnlyList<XdsResource>>();

    /// <summary>
    /// The resources of the last response of <paramref name="typeUrl"/> (SotW: the whole response; delta: the changed
    /// ones), or null when nothing was sent or the ledger did not record them.
    /// </summary>
    public IReadOnlyList<XdsResource>? SentResources(string typeUrl) =>
        Types.TryGetValue(typeUrl, out var t) ? t.LastSent?.Resources : null;

    /// <summary>
    /// What the client accepted of <paramref name="typeUrl"/>: SotW the last ACKed response, delta everything its
    /// ACKed responses left it holding (needs <see cref="Held"/>); null when unknown.
    /// </summary>
    public IReadOnlyList<XdsResource>? AckedResources(string typeUrl) =>
        Held.TryGetValue(typeUrl, out var held) ? held
        : Types.TryGetValue(typeUrl, out var t) ? t.LastAck?.Resources : null;

    /// <summary>Merges the open streams of one node (at least one).</summary>
    internal static NodeStatus Merge(IReadOnlyList<StreamLedger> streams, bool withHeld)
    {
        var ordered = streams.OrderBy(s => s.ConnectedAt).ThenBy(s => s.Id).ToArray();
        var latest = ordered[^1].Identity;
        var types = new Dictionary<string, TypeStatus>(StringComparer.Ordinal);
        var held = new Dictionary<string, IReadOnlyList<XdsResource>>(StringComparer.Ordinal);
        foreach (var stream in ordered)
        {
            foreach (var (typeUrl, status) in stream.Status().Types)
            {
                types[typeUrl] = status;
            }

            if (withHeld && stream.Identity.Protocol == "delta")
            {
                foreach (var (typeUrl, resources) in stream.Held())
                {
                    held[typeUrl] = resources;
                }
            }
        }

        var variants = ordered.Select(s => s.Identity.Protocol).Distinct(StringComparer.Ordinal).ToArray();
        var transports = ordered.Select(s => s.Identity.Aggregated ? "ads" : "per-type").Distinct(StringComparer.Ordinal).ToArray();
        return new NodeStatus(latest.NodeId, latest.Node, latest.Cluster, latest.Profile, latest.UserAgent,
            variants.Length == 1 ? variants[0] : "mixed", transports.Length == 1 ? transports[0] : "mixed",
            ordered[0].ConnectedAt, ordered.Length, types) { Held = held, Principal = latest.Principal };
    }
}
