namespace XdsControlPlane.Model.Policies;

/// <summary>Passive health checking (outlier detection).</summary>
/// <param name="Consecutive5xx">Consecutive 5xx before ejection.</param>
/// <param name="ConsecutiveGatewayFailure">Consecutive gateway failures before ejection.</param>
/// <param name="Interval">Analysis interval.</param>
/// <param name="BaseEjectionTime">Base ejection time.</param>
/// <param name="MaxEjectionPercent">Most hosts ejected at once, percent.</param>
public sealed record OutlierDetectionPolicy(int? Consecutive5xx, int? ConsecutiveGatewayFailure, TimeSpan? Interval, TimeSpan? BaseEjectionTime, int? MaxEjectionPercent);
