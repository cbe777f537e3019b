using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Xds.Ledger;

/// <summary>A NACK.</summary>
/// <param name="RejectedVersion">The version the client rejected.</param>
/// <param name="Message">The client's own error message, cut after <see cref="MaxMessageLength"/> characters.</param>
/// <param name="Code">The gRPC status code in the client's <c>error_detail</c>.</param>
/// <param name="At">When the NACK arrived.</param>
public sealed record NackRecord(string RejectedVersion, string Message, int Code, DateTimeOffset At)
{
    /// <summary>How much of a client's message is kept (<see cref="Protocol.RequestLimits.MaxErrorMessageLength"/>).</summary>
    public const int MaxMessageLength = Protocol.RequestLimits.MaxErrorMessageLength;

    /// <summary>
    /// The resources it rejected: those of the response it answers (SotW: the whole response; delta: the resources it
    /// carried) that the client's message names, else all of them; the very instances sent, shared with the snapshot
    /// (the response's own list when not narrowed); null when the ledger did not see that response. On a delta stream,
    /// <see cref="TypeStatus.Rejected"/> narrows this to those the client has not accepted since.
    /// </summary>
    public IReadOnlyList<XdsResource>? Resources { get; init; }

    /// <summary>
    /// True when the client's message named some of the response's resources (<see cref="NackedResources"/>) and
    /// <see cref="Resources"/> holds only those; false when it holds the whole response.
    /// </summary>
    public bool Narrowed { get; init; }
}
