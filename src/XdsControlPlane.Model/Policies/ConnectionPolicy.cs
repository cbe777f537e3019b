namespace XdsControlPlane.Model.Policies;

/// <summary>Upstream connection settings.</summary>
/// <param name="ConnectTimeout">Connect timeout.</param>
/// <param name="Http2">Speak HTTP/2 to the backend (required for gRPC backends through Envoy).</param>
/// <param name="KeepaliveTime">TCP keepalive idle time.</param>
/// <param name="KeepaliveInterval">TCP keepalive probe interval.</param>
/// <param name="KeepaliveProbes">TCP keepalive probes.</param>
public sealed record ConnectionPolicy(TimeSpan? ConnectTimeout, bool? Http2, TimeSpan? KeepaliveTime, TimeSpan? KeepaliveInterval, int? KeepaliveProbes);
