using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Http.Router.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Envoy.Type.Matcher.V3;
using Google.Protobuf.WellKnownTypes;
using EnvoyAddress = Envoy.Config.Core.V3.Address;
using EnvoyEndpoint = Envoy.Config.Endpoint.V3.Endpoint;
using Hcm = Envoy.Extensions.Filters.Network.HttpConnectionManager.V3.HttpConnectionManager;
using ListenerFilter = Envoy.Config.Listener.V3.Filter;
using RouteRetryPolicy = Envoy.Config.Route.V3.RetryPolicy;
using UpstreamHttpOptions = Envoy.Extensions.Upstreams.Http.V3.HttpProtocolOptions;

namespace XdsControlPlane.Compiler.Tests.Validation;

/// <summary>
/// Valid Envoy resources shaped like what the compiler emits, with the fields that carry rules filled in. Each
/// call builds fresh objects so a test can break one field without touching the others.
/// </summary>
internal static class RealisticResources
{
    public static ConfigSource Ads() => new() { Ads = new AggregatedConfigSource(), ResourceApiVersion = ApiVersion.V3 };

    public static EnvoyAddress Socket(string ip, uint port) => new() { SocketAddress = new SocketAddress { Address = ip, PortValue = port } };

    /// <summary>An EDS cluster with TLS upstream, HTTP/2 protocol options, circuit breakers, outlier detection, a health check.</summary>
    public static Cluster Cluster(string name = "backend")
    {
        var cluster = new Cluster
        {
            Name = name,
            Type = Envoy.Config.Cluster.V3.Cluster.Types.DiscoveryType.Eds,
            EdsClusterConfig = new Cluster.Types.EdsClusterConfig { EdsConfig = Ads(), ServiceName = name },
            ConnectTimeout = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(250)),
            LbPolicy = Envoy.Config.Cluster.V3.Cluster.Types.LbPolicy.LeastRequest,
            CircuitBreakers = new CircuitBreakers(),
            OutlierDetection = new OutlierDetection { Consecutive5Xx = 5, Interval = Duration.FromTimeSpan(TimeSpan.FromSeconds(10)), MaxEjectionPercent = 50 },
            CommonLbConfig = new Cluster.Types.CommonLbConfig { HealthyPanicThreshold = new Envoy.Type.V3.Percent { Value = 50 } },
            TransportSocket = new TransportSocket
            {
                Name = "envoy.transport_sockets.tls",
                TypedConfig = Any.Pack(new UpstreamTlsContext
                {
                    Sni = name + ".internal",
                    CommonTlsContext = new CommonTlsContext
                    {
                        ValidationContextSdsSecretConfig = new SdsSecretConfig { Name = "ca", SdsConfig = Ads() },
                    },
                }),
            },
        };
        cluster.CircuitBreakers.Thresholds.Add(new CircuitBreakers.Types.Thresholds { Priority = RoutingPriority.Default, MaxConnections = 1024 });
        cluster.HealthChecks.Add(new HealthCheck
        {
            Timeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(1)),
            Interval = Duration.FromTimeSpan(TimeSpan.FromSeconds(5)),
            UnhealthyThreshold = 3,
            HealthyThreshold = 1,
            HttpHealthCheck = new HealthCheck.Types.HttpHealthCheck { Path = "/healthz", Host = name },
        });
        var http2 = new UpstreamHttpOptions
        {
            ExplicitHttpConfig = new UpstreamHttpOptions.Types.ExplicitHttpConfig { Http2ProtocolOptions = new Http2ProtocolOptions() },
        };
        cluster.TypedExtensionProtocolOptions.Add("envoy.extensions.upstreams.http.v3.HttpProtocolOptions", Any.Pack(http2));
        cluster.Metadata = new Metadata();
        cluster.Metadata.FilterMetadata.Add("xds.compiler", new Struct());
        return cluster;
    }

    /// <summary>A static cluster with its endpoints inline: two endpoints in one locality.</summary>
    public static Cluster StaticCluster(string name = "static")
    {
        var cluster = Cluster(name);
        cluster.Type = Envoy.Config.Cluster.V3.Cluster.Types.DiscoveryType.Static;
        cluster.EdsClusterConfig = null;
        cluster.LoadAssignment = Endpoints(name);
        return cluster;
    }

    /// <summary>Two endpoints in one weighted locality.</summary>
    public static ClusterLoadAssignment Endpoints(string cluster = "backend", uint port = 8080)
    {
        var locality = new LocalityLbEndpoints
        {
            Locality = new Locality { Region = "eu-west-1", Zone = "eu-west-1a" },
            LoadBalancingWeight = 1,
        };
        foreach (var ip in new[] { "10.0.0.1", "10.0.0.2" })
        {
            locality.LbEndpoints.Add(new LbEndpoint
            {
                Endpoint = new EnvoyEndpoint { Address = Socket(ip, port) },
                HealthStatus = HealthStatus.Healthy,
                LoadBalancingWeight = 10,
            });
        }

        var assignment = new ClusterLoadAssignment
        {
            ClusterName = cluster,
            Policy = new ClusterLoadAssignment.Types.Policy { OverprovisioningFactor = 140 },
        };
        assignment.Endpoints.Add(locality);
        return assignment;
    }

    /// <summary>One virtual host: a header-matched route, a weighted split with retries, a direct response.</summary>
    public static RouteConfiguration Routes(string name = "routes", string cluster = "backend")
    {
        var host = new VirtualHost { Name = "api" };
        host.Domains.Add("api.example.com");
        host.Domains.Add("api.example.com:443");

        var headerRoute = new Route { Match = new RouteMatch { Prefix = "/v2" }, Route_ = new RouteAction { Cluster = cluster + "-v2" } };
        headerRoute.Match.Headers.Add(new HeaderMatcher { Name = "x-canary", StringMatch = new StringMatcher { Exact = "true" } });
        headerRoute.RequestHeadersToAdd.Add(new HeaderValueOption { Header = new HeaderValue { Key = "x-route", Value = "canary" } });
        host.Routes.Add(headerRoute);

        var split = new WeightedCluster();
        split.Clusters.Add(new WeightedCluster.Types.ClusterWeight { Name = cluster, Weight = 90 });
        split.Clusters.Add(new WeightedCluster.Types.ClusterWeight { Name = cluster + "-v2", Weight = 10 });
        host.Routes.Add(new Route
        {
            Match = new RouteMatch { PathSeparatedPrefix = "/api" },
            Route_ = new RouteAction
            {
                WeightedClusters = split,
                Timeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(15)),
                RetryPolicy = new RouteRetryPolicy { RetryOn = "5xx", NumRetries = 2, PerTryTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(5)) },
            },
        });

        host.Routes.Add(new Route { Match = new RouteMatch { Path = "/ping" }, DirectResponse = new DirectResponseAction { Status = 200 } });
        var routes = new RouteConfiguration { Name = name };
        routes.VirtualHosts.Add(host);
        routes.InternalOnlyHeaders.Add("x-internal");
        return routes;
    }

    /// <summary>An HTTP connection manager taking routes from RDS, with the router filter last.</summary>
    public static Hcm HttpConnectionManager(string routes = "routes", string statPrefix = "ingress_http")
    {
        var hcm = new Hcm
        {
            StatPrefix = statPrefix,
            CodecType = Hcm.Types.CodecType.Auto,
            Rds = new Rds { RouteConfigName = routes, ConfigSource = Ads() },
            CommonHttpProtocolOptions = new HttpProtocolOptions { IdleTimeout = Duration.FromTimeSpan(TimeSpan.FromMinutes(5)) },
        };
        hcm.HttpFilters.Add(new HttpFilter { Name = "envoy.filters.http.router", TypedConfig = Any.Pack(new Router()) });
        return hcm;
    }

    /// <summary>A listener on 0.0.0.0:8443 with one filter chain holding <paramref name="hcm"/>.</summary>
    public static Listener Listener(string name = "ingress", Hcm? hcm = null)
    {
        var listener = new Listener { Name = name, Address = Socket("0.0.0.0", 8443) };
        var chain = new FilterChain { Name = "default" };
        chain.Filters.Add(new ListenerFilter
        {
            Name = "envoy.filters.network.http_connection_manager",
            TypedConfig = Any.Pack(hcm ?? HttpConnectionManager()),
        });
        listener.FilterChains.Add(chain);
        return listener;
    }
}
