namespace XdsControlPlane.Model;

/// <summary>One endpoint of a slice.</summary>
/// <param name="Addresses">Addresses (the first is used).</param>
/// <param name="Ready">Ready condition (null means ready, as Kubernetes defines).</param>
/// <param name="Serving">Serving condition.</param>
/// <param name="Terminating">Terminating condition.</param>
/// <param name="Zone">Topology zone, for locality-aware load balancing.</param>
public sealed record EndpointModel(EquatableArray<string> Addresses, bool? Ready, bool? Serving, bool? Terminating, string? Zone);
