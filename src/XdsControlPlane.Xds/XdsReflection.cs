using Google.Protobuf.Reflection;

namespace XdsControlPlane.Xds;

/// <summary>
/// What server reflection (off by default: <see cref="Transport.GrpcServerOptions.EnableReflection"/>) describes. The
/// xDS methods are declared by hand, so the library cannot find their descriptors the way it finds those of generated
/// services; they come from the Envoy protos' file descriptors instead, with the health and reflection services.
/// </summary>
internal static class XdsReflection
{
    public static IReadOnlyList<ServiceDescriptor> Services() =>
    [
        .. new[]
        {
            Envoy.Service.Discovery.V3.AdsReflection.Descriptor,
            Envoy.Service.Listener.V3.LdsReflection.Descriptor,
            Envoy.Service.Route.V3.RdsReflection.Descriptor,
            Envoy.Service.Cluster.V3.CdsReflection.Descriptor,
            Envoy.Service.Endpoint.V3.EdsReflection.Descriptor,
            Envoy.Service.Secret.V3.SdsReflection.Descriptor,
            Envoy.Service.Status.V3.CsdsReflection.Descriptor,
        }.SelectMany(file => file.Services),
        Grpc.Health.V1.Health.Descriptor,
        Grpc.Reflection.V1Alpha.ServerReflection.Descriptor,
        Grpc.Reflection.V1.ServerReflection.Descriptor,
    ];
}
