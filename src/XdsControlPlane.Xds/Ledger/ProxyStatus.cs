namespace XdsControlPlane.Xds.Ledger;

/// <summary>A point-in-time copy of one stream's ledger.</summary>
/// <param name="StreamId">Server-assigned id of the stream.</param>
/// <param name="NodeId">The node id the client announced.</param>
/// <param name="Cluster">The node's cluster.</param>
/// <param name="Profile">The proxy profile the node was resolved to.</param>
/// <param name="UserAgent">Client name and version from the node (e.g. <c>envoy 1.31.0</c>, <c>gRPC Node 1.14.1</c>).</param>
/// <param name="Protocol"><c>sotw</c> or <c>delta</c>.</param>
/// <param name="Aggregated">True for ADS, false for a per-type service.</param>
/// <param name="Peer">Remote address.</param>
/// <param name="ConnectedAt">When the stream opened.</param>
/// <param name="Types">Per type URL.</param>
public sealed record ProxyStatus(
    string StreamId,
    string NodeId,
    string Cluster,
    string Profile,
    string UserAgent,
    string Protocol,
    bool Aggregated,
    string Peer,
    DateTimeOffset ConnectedAt,
    IReadOnlyDictionary<string, TypeStatus> Types);
