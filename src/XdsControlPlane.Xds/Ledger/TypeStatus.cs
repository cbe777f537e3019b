namespace XdsControlPlane.Xds.Ledger;

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
    /// The NACKs whose resources the client still rejects, oldest first; null when none. SotW: the last NACK until an ACK
    /// (every ACK accepts a whole later state). Delta: each NACK keeps only the resources that no later ACKed response
    /// carried or removed and no later NACK rejected again; at most <see cref="StreamLedger.MaxRejections"/> of them.
    /// </summary>
    public IReadOnlyList<NackRecord>? Rejected { get; init; }

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
