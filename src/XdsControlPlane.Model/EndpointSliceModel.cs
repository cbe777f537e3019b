namespace XdsControlPlane.Model;

/// <summary>A discovery.k8s.io/v1 EndpointSlice.</summary>
/// <param name="Ref">Identity.</param>
/// <param name="ServiceName">The Service it belongs to (label <c>kubernetes.io/service-name</c>).</param>
/// <param name="AddressType">IPv4, IPv6 or FQDN.</param>
/// <param name="Endpoints">Endpoints.</param>
/// <param name="Ports">Ports, matched to Service ports by name.</param>
public sealed record EndpointSliceModel(ObjectRef Ref, string ServiceName, string AddressType, EquatableArray<EndpointModel> Endpoints, EquatableArray<EndpointPort> Ports);
