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

/// <summary>Ledger of one type on one stream.</summary>
/// <param name="TypeUrl">The resource type.</param>
/// <param name="LastSent">Last response sent.</param>
/// <param name="LastAck">Last ACK received.</param>
/// <param name="LastNack">Last NACK received (kept after later ACKs, for the record).</param>
/// <param name="Pushes">Responses sent.</param>
/// <param name="Acks">ACKs received.</param>
/// <param name="Nacks">NACKs received.</param>
public sealed record TypeStatus(
    string TypeUrl,
    SentRecord? LastSent,
    AckRecord? LastAck,
    NackRecord? LastNack,
    long Pushes,
    long Acks,
    long Nacks)
{
    /// <summary>
    /// SYNCED when the last response was ACKed, ERROR when it was NACKed, STALE while unanswered,
    /// NOT_SENT before the first response. Answers are ordered by arrival, so the newest one decides.
    /// </summary>
    public SyncState State =>
        LastSent is null ? SyncState.NotSent
        : LastNack is { } nack && nack.At >= LastSent.At && (LastAck is null || nack.At >= LastAck.At) ? SyncState.Error
        : LastAck is { } ack && ack.At >= LastSent.At && ack.Version == LastSent.Version ? SyncState.Synced
        : SyncState.Stale;
}

/// <summary>A response sent.</summary>
/// <param name="Version">The version it carried (SotW <c>version_info</c>, delta <c>system_version_info</c>).</param>
/// <param name="Nonce">Its nonce.</param>
/// <param name="At">When it was written.</param>
/// <param name="ResourceCount">How many resources it carried.</param>
public sealed record SentRecord(string Version, string Nonce, DateTimeOffset At, int ResourceCount);

/// <summary>An ACK.</summary>
/// <param name="Version">The version the client accepted.</param>
/// <param name="At">When the ACK arrived.</param>
public sealed record AckRecord(string Version, DateTimeOffset At);

/// <summary>A NACK.</summary>
/// <param name="RejectedVersion">The version the client rejected.</param>
/// <param name="Message">The client's own error message.</param>
/// <param name="Code">The gRPC status code in the client's <c>error_detail</c>.</param>
/// <param name="At">When the NACK arrived.</param>
public sealed record NackRecord(string RejectedVersion, string Message, int Code, DateTimeOffset At);
