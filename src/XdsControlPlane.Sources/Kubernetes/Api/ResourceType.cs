namespace XdsControlPlane.Sources.Kubernetes.Api;

/// <summary>A kind the control plane reads, with what it takes to address it in the API (group, version, plural).</summary>
/// <param name="Group">API group, empty for the core group.</param>
/// <param name="Version">API version, e.g. <c>v1</c>.</param>
/// <param name="Kind">Kind, e.g. <c>HTTPRoute</c>.</param>
/// <param name="Plural">Resource name in paths, e.g. <c>httproutes</c>.</param>
/// <param name="Namespaced">False for cluster-scoped kinds (Namespace, GatewayClass).</param>
internal sealed record ResourceType(string Group, string Version, string Kind, string Plural, bool Namespaced = true)
{
    /// <summary>v1 Service.</summary>
    public static readonly ResourceType Service = new("", "v1", "Service", "services");

    /// <summary>discovery.k8s.io/v1 EndpointSlice.</summary>
    public static readonly ResourceType EndpointSlice = new("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices");

    /// <summary>v1 Secret (only type kubernetes.io/tls is mapped).</summary>
    public static readonly ResourceType Secret = new("", "v1", "Secret", "secrets");

    /// <summary>v1 Namespace (labels, for listeners that select route namespaces).</summary>
    public static readonly ResourceType Namespace = new("", "v1", "Namespace", "namespaces", Namespaced: false);

    /// <summary>Gateway API GatewayClass (cluster-scoped).</summary>
    public static readonly ResourceType GatewayClass = new("gateway.networking.k8s.io", "v1", "GatewayClass", "gatewayclasses", Namespaced: false);

    /// <summary>Gateway API Gateway.</summary>
    public static readonly ResourceType Gateway = new("gateway.networking.k8s.io", "v1", "Gateway", "gateways");

    /// <summary>Gateway API HTTPRoute.</summary>
    public static readonly ResourceType HttpRoute = new("gateway.networking.k8s.io", "v1", "HTTPRoute", "httproutes");

    /// <summary>Gateway API GRPCRoute.</summary>
    public static readonly ResourceType GrpcRoute = new("gateway.networking.k8s.io", "v1", "GRPCRoute", "grpcroutes");

    /// <summary>Gateway API ReferenceGrant (v1beta1: the version every Gateway API release serves).</summary>
    public static readonly ResourceType ReferenceGrant = new("gateway.networking.k8s.io", "v1beta1", "ReferenceGrant", "referencegrants");

    /// <summary>Our own policy kind.</summary>
    public static readonly ResourceType XdsPolicy = new("xds.controlplane.io", "v1alpha1", "XdsPolicy", "xdspolicies");

    /// <summary>coordination.k8s.io/v1 Lease (leader election).</summary>
    public static readonly ResourceType Lease = new("coordination.k8s.io", "v1", "Lease", "leases");

    /// <summary>Every kind the source watches.</summary>
    public static IReadOnlyList<ResourceType> Watched { get; } = [Service, EndpointSlice, Secret, Namespace, GatewayClass, Gateway, HttpRoute, GrpcRoute, ReferenceGrant, XdsPolicy];

    /// <summary><c>v1</c> or <c>group/version</c>, as objects spell apiVersion.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <inheritdoc />
    public override string ToString() => $"{Plural}.{(Group.Length == 0 ? "core" : Group)}";
}
