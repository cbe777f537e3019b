using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Http.Router.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Envoy.Service.Discovery.V3;
using Google.Protobuf.WellKnownTypes;
using XdsControlPlane.Xds.Snapshots;
using EnvoyAddress = Envoy.Config.Core.V3.Address;
using EnvoyEndpoint = Envoy.Config.Endpoint.V3.Endpoint;
using EnvoySocketAddress = Envoy.Config.Core.V3.SocketAddress;
using TlsSecret = Envoy.Extensions.TransportSockets.Tls.V3.Secret;

namespace XdsControlPlane.Testing;

/// <summary>Small, valid Envoy resources for tests.</summary>
public static class Resources
{
    /// <summary>An EDS cluster served over ADS.</summary>
    public static Cluster Cluster(string name, Cluster.Types.LbPolicy lbPolicy = Envoy.Config.Cluster.V3.Cluster.Types.LbPolicy.RoundRobin, string? sdsSecret = null)
    {
        var cluster = new Cluster
        {
            Name = name,
            Type = Envoy.Config.Cluster.V3.Cluster.Types.DiscoveryType.Eds,
            EdsClusterConfig = new Cluster.Types.EdsClusterConfig { EdsConfig = Ads() },
            LbPolicy = lbPolicy,
            ConnectTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(1)),
        };
        if (sdsSecret is not null)
        {
            var tls = new UpstreamTlsContext { CommonTlsContext = new CommonTlsContext() };
            tls.CommonTlsContext.TlsCertificateSdsSecretConfigs.Add(new SdsSecretConfig { Name = sdsSecret, SdsConfig = Ads() });
            cluster.TransportSocket = new TransportSocket { Name = "envoy.transport_sockets.tls", TypedConfig = Any.Pack(tls) };
        }

        return cluster;
    }

    /// <summary>Endpoints of <paramref name="cluster"/> in one locality (weight 1), as gRPC clients require.</summary>
    public static ClusterLoadAssignment Endpoints(string cluster, params (string Ip, int Port)[] addresses)
    {
        var locality = new LocalityLbEndpoints
        {
            Locality = new Locality { Region = "local", Zone = "a" },
            LoadBalancingWeight = 1,
        };
        foreach (var (ip, port) in addresses)
        {
            locality.LbEndpoints.Add(new LbEndpoint
            {
                Endpoint = new EnvoyEndpoint
                {
                    Address = new EnvoyAddress { SocketAddress = new EnvoySocketAddress { Address = ip, PortValue = (uint)port } },
                },
                HealthStatus = HealthStatus.Healthy,
            });
        }

        var assignment = new ClusterLoadAssignment { ClusterName = cluster };
        assignment.Endpoints.Add(locality);
        return assignment;
    }

    /// <summary>A route configuration sending everything (any domain, prefix "/") to <paramref name="cluster"/>.</summary>
    public static RouteConfiguration Route(string name, string cluster, string domain = "*")
    {
        var host = new VirtualHost { Name = name + "-vh" };
        host.Domains.Add(domain);
        host.Routes.Add(new Route
        {
            Match = new RouteMatch { Prefix = "/" },
            Route_ = new RouteAction { Cluster = cluster },
        });
        var route = new RouteConfiguration { Name = name };
        route.VirtualHosts.Add(host);
        return route;
    }

    /// <summary>An HttpConnectionManager taking its routes from RDS over ADS, router filter last.</summary>
    public static HttpConnectionManager HttpConnectionManager(string routeName)
    {
        var hcm = new HttpConnectionManager
        {
            StatPrefix = "http",
            Rds = new Rds { RouteConfigName = routeName, ConfigSource = Ads() },
        };
        hcm.HttpFilters.Add(new HttpFilter { Name = "envoy.filters.http.router", TypedConfig = Any.Pack(new Router()) });
        return hcm;
    }

    /// <summary>An API listener (what proxyless gRPC clients look up by target name).</summary>
    public static Listener ApiListener(string name, string routeName) => new()
    {
        Name = name,
        ApiListener = new ApiListener { ApiListener_ = Any.Pack(HttpConnectionManager(routeName)) },
    };

    /// <summary>An Envoy TCP listener on <paramref name="port"/> with one HCM filter chain.</summary>
    public static Listener Listener(string name, string routeName, int port = 10000)
    {
        var listener = new Listener
        {
            Name = name,
            Address = new EnvoyAddress { SocketAddress = new EnvoySocketAddress { Address = "0.0.0.0", PortValue = (uint)port } },
        };
        var chain = new FilterChain();
        chain.Filters.Add(new Envoy.Config.Listener.V3.Filter { Name = "envoy.filters.network.http_connection_manager", TypedConfig = Any.Pack(HttpConnectionManager(routeName)) });
        listener.FilterChains.Add(chain);
        return listener;
    }

    /// <summary>A TLS certificate secret (placeholder PEM text: the server does not parse it).</summary>
    public static TlsSecret Secret(string name, string marker = "1") => new()
    {
        Name = name,
        TlsCertificate = new TlsCertificate
        {
            CertificateChain = new DataSource { InlineString = $"-----BEGIN CERTIFICATE-----\n{marker}\n-----END CERTIFICATE-----\n" },
        },
    };

    /// <summary>A consistent set: cluster + endpoints + route + listener per name given.</summary>
    public static IEnumerable<XdsResource> Service(string name, int port = 50051, bool apiListener = true)
    {
        yield return XdsResource.Create(Cluster(name + "-cluster"));
        yield return XdsResource.Create(Endpoints(name + "-cluster", ("127.0.0.1", port)));
        yield return XdsResource.Create(Route(name + "-route", name + "-cluster"));
        yield return XdsResource.Create(apiListener ? ApiListener(name, name + "-route") : Listener(name, name + "-route"));
    }

    /// <summary>A config source pointing at ADS.</summary>
    public static ConfigSource Ads() => new() { Ads = new AggregatedConfigSource(), ResourceApiVersion = ApiVersion.V3 };

    /// <summary>The name of a resource packed in <paramref name="any"/> (unwrapping a discovery <c>Resource</c>).</summary>
    public static string NameOf(Any any, out string typeUrl)
    {
        typeUrl = any.TypeUrl;
        if (any.TypeUrl == TypeUrls.Resource)
        {
            var wrapper = any.Unpack<Resource>();
            if (wrapper.Resource_ is null)
            {
                return wrapper.Name;
            }

            return NameOf(wrapper.Resource_, out typeUrl);
        }

        return any.TypeUrl switch
        {
            TypeUrls.Listener => any.Unpack<Listener>().Name,
            TypeUrls.RouteConfiguration => any.Unpack<RouteConfiguration>().Name,
            TypeUrls.Cluster => any.Unpack<Cluster>().Name,
            TypeUrls.ClusterLoadAssignment => any.Unpack<ClusterLoadAssignment>().ClusterName,
            TypeUrls.Secret => any.Unpack<TlsSecret>().Name,
            _ => throw new ArgumentException($"unexpected type {any.TypeUrl}"),
        };
    }

    /// <summary>Names in a SotW response, in order.</summary>
    public static string[] Names(DiscoveryResponse response) => response.Resources.Select(a => NameOf(a, out _)).ToArray();
}
