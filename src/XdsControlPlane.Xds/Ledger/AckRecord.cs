using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Xds.Ledger;

/// <summary>An ACK.</summary>
/// <param name="Version">The version the client accepted.</param>
/// <param name="At">When the ACK arrived.</param>
public sealed record AckRecord(string Version, DateTimeOffset At)
{
    /// <summary>
    /// SotW: the resources of the response this ACK accepted (the very instances sent, shared with the snapshot), or
    /// null when the ledger did not see that response. Null on delta streams (see <see cref="NodeStatus.Held"/>).
    /// </summary>
    public IReadOnlyList<XdsResource>? Resources { get; init; }
}
