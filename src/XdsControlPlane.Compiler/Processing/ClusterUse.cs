using XdsControlPlane.Model;

namespace XdsControlPlane.Compiler.Processing;

/// <summary>A Service port a profile routes to.</summary>
/// <param name="Service">The Service.</param>
/// <param name="Port">The port.</param>
/// <param name="Grpc">Some GRPCRoute routes to it (so the gateway speaks HTTP/2 to it).</param>
internal sealed record ClusterUse(ServiceModel Service, ServicePort Port, bool Grpc)
{
    public string Name => Names.Cluster(Service.Ref, Port.Port);
}
