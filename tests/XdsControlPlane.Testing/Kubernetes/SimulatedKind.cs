namespace XdsControlPlane.Testing.Kubernetes;

/// <summary>A kind the simulated API server serves.</summary>
/// <param name="Group">API group ("" for core).</param>
/// <param name="Version">Version.</param>
/// <param name="Kind">Kind.</param>
/// <param name="Plural">Resource name in paths.</param>
/// <param name="Namespaced">False for cluster-scoped kinds.</param>
public sealed record SimulatedKind(string Group, string Version, string Kind, string Plural, bool Namespaced = true)
{
    /// <summary>The kinds a cluster with the Gateway API CRDs and the XdsPolicy CRD serves.</summary>
    public static IReadOnlyList<SimulatedKind> Defaults { get; } =
    [
        new("", "v1", "Service", "services"),
        new("", "v1", "Secret", "secrets"),
        new("", "v1", "Namespace", "namespaces", Namespaced: false),
        new("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices"),
        new("coordination.k8s.io", "v1", "Lease", "leases"),
        new("gateway.networking.k8s.io", "v1", "GatewayClass", "gatewayclasses", Namespaced: false),
        new("gateway.networking.k8s.io", "v1", "Gateway", "gateways"),
        new("gateway.networking.k8s.io", "v1", "HTTPRoute", "httproutes"),
        new("gateway.networking.k8s.io", "v1", "GRPCRoute", "grpcroutes"),
        new("gateway.networking.k8s.io", "v1beta1", "ReferenceGrant", "referencegrants"),
        new("xds.controlplane.io", "v1alpha1", "XdsPolicy", "xdspolicies"),
    ];

    /// <summary><c>v1</c> or <c>group/version</c>.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";
}
