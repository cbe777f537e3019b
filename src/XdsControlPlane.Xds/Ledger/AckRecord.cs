namespace XdsControlPlane.Xds.Ledger;

/// <summary>An ACK.</summary>
/// <param name="Version">The version the client accepted.</param>
/// <param name="At">When the ACK arrived.</param>
public sealed record AckRecord(string Version, DateTimeOffset At);
