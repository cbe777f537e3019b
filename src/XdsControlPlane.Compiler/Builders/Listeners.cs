using Envoy.Config.Listener.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Google.Protobuf.WellKnownTypes;
using EnvoyAddress = Envoy.Config.Core.V3.Address;
using EnvoySocketAddress = Envoy.Config.Core.V3.SocketAddress;

namespace XdsControlPlane.Compiler.Builders;

/// <summary>Builds listeners and HTTP connection managers.</summary>
internal static class Listeners
{
    /// <summary>Name of the HTTP connection manager network filter.</summary>
    public const string HttpConnectionManagerFilter = "envoy.filters.network.http_connection_manager";

    /// <summary>An HTTP connection manager taking routes from RDS over ADS; <paramref name="filters"/> must end with the router.</summary>
    public static HttpConnectionManager HttpConnectionManager(string routeConfiguration, IEnumerable<HttpFilter> filters, bool stripPort)
    {
        var hcm = new HttpConnectionManager
        {
            StatPrefix = Defaults.StatPrefix,
            Rds = new Rds { RouteConfigName = routeConfiguration, ConfigSource = Protos.Ads() },
        };
        if (stripPort)
        {
            // Virtual hosts are matched on the host name alone, as Gateway API hostnames carry no port.
            hcm.StripAnyHostPort = true;
        }

        hcm.HttpFilters.AddRange(filters);
        return hcm;
    }

    /// <summary>An API listener: what a proxyless gRPC client looks up by its dial target.</summary>
    public static Listener ApiListener(string name, HttpConnectionManager hcm) => new()
    {
        Name = name,
        ApiListener = new ApiListener { ApiListener_ = Any.Pack(hcm) },
    };

    /// <summary>A TCP listener on <c>0.0.0.0:port</c>.</summary>
    public static Listener Listener(string name, int port, IEnumerable<FilterChain> chains)
    {
        var listener = new Listener
        {
            Name = name,
            Address = new EnvoyAddress { SocketAddress = new EnvoySocketAddress { Address = Defaults.ListenAddress, PortValue = (uint)port } },
        };
        listener.FilterChains.AddRange(chains);
        return listener;
    }

    /// <summary>A filter chain running <paramref name="hcm"/>; with TLS, selected by SNI when <paramref name="serverName"/> is set.</summary>
    public static FilterChain FilterChain(HttpConnectionManager hcm, string? serverName = null, DownstreamTlsContext? tls = null)
    {
        var chain = new FilterChain();
        chain.Filters.Add(new Filter { Name = HttpConnectionManagerFilter, TypedConfig = Any.Pack(hcm) });
        if (tls is not null)
        {
            chain.TransportSocket = new Envoy.Config.Core.V3.TransportSocket { Name = "envoy.transport_sockets.tls", TypedConfig = Any.Pack(tls) };
            if (serverName is not null)
            {
                chain.FilterChainMatch = new FilterChainMatch();
                chain.FilterChainMatch.ServerNames.Add(serverName);
            }
        }

        return chain;
    }
}
