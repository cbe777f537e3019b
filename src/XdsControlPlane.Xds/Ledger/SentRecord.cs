using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Xds.Ledger;

/// <summary>A response sent.</summary>
/// <param name="Version">The version it carried (SotW <c>version_info</c>, delta <c>system_version_info</c>).</param>
/// <param name="Nonce">Its nonce.</param>
/// <param name="At">When it was written.</param>
/// <param name="ResourceCount">How many resources it carried.</param>
public sealed record SentRecord(string Version, string Nonce, DateTimeOffset At, int ResourceCount)
{
    /// <summary>
    /// The resources it carried (the instances of the snapshot, not copies): SotW the full response, delta only the
    /// changed ones. Null when not recorded.
    /// </summary>
    public IReadOnlyList<XdsResource>? Resources { get; init; }

    /// <summary>Delta: the names it removed.</summary>
    public IReadOnlyList<string>? Removed { get; init; }

    /// <summary>
    /// <see cref="TimeProvider.GetTimestamp"/> of the publish that caused this response, or 0 when a request caused
    /// it; the ACK's publish-to-ACK latency is measured from here.
    /// </summary>
    public long PublishedTimestamp { get; init; }
}
