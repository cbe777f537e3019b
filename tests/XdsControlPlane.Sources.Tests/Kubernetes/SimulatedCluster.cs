using k8s;
using XdsControlPlane.Sources.Kubernetes.Api;
using XdsControlPlane.Testing.Kubernetes;

namespace XdsControlPlane.Sources.Tests.Kubernetes;

/// <summary>KubernetesClient pointed at the simulated API server, the way the control plane builds it.</summary>
internal static class SimulatedCluster
{
    /// <summary>The API over KubernetesClient for <paramref name="server"/>, with a bearer token when given.</summary>
    public static KubernetesApi Api(SimulatedApiServer server, string? token = null) => new(Config(server, token));

    /// <summary>A configuration for <paramref name="server"/> over plain HTTP.</summary>
    public static KubernetesClientConfiguration Config(SimulatedApiServer server, string? token = null) =>
        new() { Host = server.Address.ToString(), AccessToken = token };
}
