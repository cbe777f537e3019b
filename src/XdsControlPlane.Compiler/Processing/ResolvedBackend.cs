using XdsControlPlane.Model;

namespace XdsControlPlane.Compiler.Processing;

/// <summary>A backendRef that names an existing Service port.</summary>
/// <param name="Service">The Service.</param>
/// <param name="Port">The port.</param>
/// <param name="Weight">Relative weight (0 sends nothing).</param>
internal sealed record ResolvedBackend(ServiceModel Service, ServicePort Port, int Weight)
{
    /// <summary>The EDS cluster of this Service port.</summary>
    public string ClusterName => Names.Cluster(Service.Ref, Port.Port);
}
