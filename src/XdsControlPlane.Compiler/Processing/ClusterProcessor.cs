using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Google.Protobuf.WellKnownTypes;
using XdsControlPlane.Compiler.Builders;
using XdsControlPlane.Model;

namespace XdsControlPlane.Compiler.Processing;

/// <summary>Clusters of a profile, with the settings of the policies that target their Service port.</summary>
internal static class ClusterProcessor
{
    /// <summary>
    /// The cluster of <paramref name="use"/>. Proxyless clients get only what they support (ring hash or round
    /// robin, outlier detection); the gateway gets every cluster-level setting.
    /// </summary>
    public static Cluster Cluster(ProfileState profile, ClusterUse use)
    {
        var spec = profile.Context.Policies.ForService(use.Service.Ref, use.Port);
        var connectTimeout = spec.Connection?.ConnectTimeout is { } t && t > TimeSpan.Zero && !profile.Proxyless ? t : Defaults.ConnectTimeout;
        var cluster = Clusters.Cluster(use.Name, connectTimeout);
        if (spec.LoadBalancer is { } lb && (!profile.Proxyless || lb.Type is "RingHash" or "RoundRobin"))
        {
            cluster.LbPolicy = Clusters.LbPolicy(lb.Type);
            if (lb.LocalityAware && !profile.Proxyless)
            {
                // Proxyless clients always weight localities; Envoy only when told to.
                cluster.CommonLbConfig = new Cluster.Types.CommonLbConfig { LocalityWeightedLbConfig = new Cluster.Types.CommonLbConfig.Types.LocalityWeightedLbConfig() };
            }
        }

        if (spec.OutlierDetection is { } outlier)
        {
            cluster.OutlierDetection = Clusters.OutlierDetection(outlier);
            if (profile.Proxyless)
            {
                Clusters.ExplicitSuccessRateEjection(cluster.OutlierDetection);
            }
        }

        if (profile.Proxyless)
        {
            return cluster;
        }

        if (spec.CircuitBreaker is { } breaker)
        {
            cluster.CircuitBreakers = Clusters.CircuitBreakers(breaker);
        }

        if (spec.HealthCheck is { } health && PolicyChecks.IsUsable(health))
        {
            cluster.HealthChecks.Add(Clusters.HealthCheck(health));
        }

        var http2 = spec.Connection?.Http2 ?? (use.Grpc || use.Port.AppProtocol is "grpc" or "kubernetes.io/h2c" or "h2c");
        if (http2)
        {
            cluster.TypedExtensionProtocolOptions.Add(Clusters.HttpProtocolOptionsKey, Clusters.Http2ProtocolOptions());
        }

        if (spec.Connection is { KeepaliveTime: not null } or { KeepaliveInterval: not null } or { KeepaliveProbes: not null })
        {
            cluster.UpstreamConnectionOptions = Clusters.UpstreamConnectionOptions(spec.Connection);
        }

        if (spec.Tls is { } tls && UpstreamTls(profile, tls) is { } context)
        {
            cluster.TransportSocket = new TransportSocket { Name = "envoy.transport_sockets.tls", TypedConfig = Any.Pack(context) };
        }

        return cluster;
    }

    /// <summary>Upstream TLS whose CA bundle and client certificate come by SDS; null when a Secret is missing (reported by the policy checks).</summary>
    private static UpstreamTlsContext? UpstreamTls(ProfileState profile, Model.Policies.UpstreamTlsPolicy tls)
    {
        TlsSecretModel? ca = tls.CaSecret is { } caRef ? profile.Context.Secret(caRef.Namespace, caRef.Name) : null;
        TlsSecretModel? client = tls.ClientCertificateSecret is { } clientRef ? profile.Context.Secret(clientRef.Namespace, clientRef.Name) : null;
        if ((tls.CaSecret is not null && ca?.CaBundle is null) || (tls.Mode == "Mutual" && client is null))
        {
            return null;
        }

        if (ca is not null)
        {
            profile.UseSecret(Secrets.CaSecret(ca));
        }

        if (client is not null)
        {
            profile.UseSecret(Secrets.Secret(client));
        }

        return Secrets.UpstreamTlsContext(tls, ca, tls.Mode == "Mutual" ? client : null);
    }
}
