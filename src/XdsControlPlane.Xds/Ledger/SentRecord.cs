namespace XdsControlPlane.Xds.Ledger;

/// <summary>A response sent.</summary>
/// <param name="Version">The version it carried (SotW <c>version_info</c>, delta <c>system_version_info</c>).</param>
/// <param name="Nonce">Its nonce.</param>
/// <param name="At">When it was written.</param>
/// <param name="ResourceCount">How many resources it carried.</param>
public sealed record SentRecord(string Version, string Nonce, DateTimeOffset At, int ResourceCount);
