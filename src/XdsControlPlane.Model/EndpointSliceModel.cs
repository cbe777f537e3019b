namespace XdsControlPlane.Model;

/// <summary>A discovery.k8s.io/v1 EndpointSlice.</summary>
/// <param name="Ref">Identity.</param>
/// <param name="ServiceName">The Service it belongs to (label <c>kubernetes.io/service-name</c>).</param>
/// <param name="AddressType">IPv4, IPv6 or FQDN.</param>
/// <param name="Endpoints">Endpoints.</param>
/// <param name="Ports">Ports, matched to Service ports by name.</param>
public sealed record EndpointSliceModel(ObjectRef Ref, string ServiceName, string AddressType, EquatableArray<EndpointModel> Endpoints, EquatableArray<EndpointPort> Ports);

/// <summary>One endpoint of a slice.</summary>
/// <param name="Addresses">Addresses (the first is used).</param>
/// <param name="Ready">Ready condition (null means ready, as Kubernetes defines).</param>
/// <param name="Serving">Serving condition.</param>
/// <param name="Terminating">Terminating condition.</param>
/// <param name="Zone">Topology zone, for locality-aware load balancing.</param>
public sealed record EndpointModel(EquatableArray<string> Addresses, bool? Ready, bool? Serving, bool? Terminating, string? Zone);

/// <summary>One port of a slice.</summary>
/// <param name="Name">Name, matching a Service port name.</param>
/// <param name="Port">Port number.</param>
/// <param name="Protocol">Protocol.</param>
public sealed record EndpointPort(string Name, int Port, string Protocol);
