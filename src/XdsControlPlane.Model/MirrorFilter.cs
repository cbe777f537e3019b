namespace XdsControlPlane.Model;

/// <summary>Request mirroring.</summary>
/// <param name="Backend">Where to mirror.</param>
/// <param name="Percent">Share of requests mirrored, 0–100 (default 100).</param>
public sealed record MirrorFilter(BackendRef Backend, double Percent);
