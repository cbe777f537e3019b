using Envoy.Config.Core.V3;

namespace XdsControlPlane.Xds.Ledger;

/// <summary>Who is on the other end of a stream, fixed by its first request.</summary>
/// <param name="NodeId">Node id.</param>
/// <param name="Cluster">Node cluster.</param>
/// <param name="Profile">Resolved proxy profile.</param>
/// <param name="UserAgent">Client name and version.</param>
/// <param name="Protocol"><c>sotw</c> or <c>delta</c>.</param>
/// <param name="Aggregated">ADS or per-type.</param>
/// <param name="Peer">Remote address.</param>
public sealed record StreamIdentity(string NodeId, string Cluster, string Profile, string UserAgent, string Protocol, bool Aggregated, string Peer)
{
    /// <summary>The node as the client sent it (user agent, locality, metadata); for CSDS and the client column. Never mutated.</summary>
    public Node? Node { get; init; }

    /// <summary>
    /// The client's authenticated identity (its SPIFFE ID, under mutual TLS), or null without client certificates.
    /// Rows are keyed by it and the node id, so a client cannot write into the row of another identity's node.
    /// </summary>
    public string? Principal { get; init; }
}
