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

    /// <summary>The HTTP upgrade a gateway lets through: WebSocket (Gateway API's HTTPRouteBackendProtocolWebSocket).</summary>
    public const string WebSocketUpgrade = "websocket";

    /// <summary>
    /// An HTTP connection manager taking routes from RDS over ADS; <paramref name="filters"/> must end with the router.
    /// A gateway's (<paramref name="gateway"/>) lets WebSocket upgrades through to every route, as Envoy Gateway and Istio
    /// do: Envoy refuses an <c>Upgrade</c> request it was not configured for, which breaks any WebSocket application
    /// behind the gateway, and a backend that does not speak WebSocket answers the upgrade itself. Gateway API hostnames
    /// carry no port, so a gateway's virtual hosts are matched on the host name alone.
    /// </summary>
    public static HttpConnectionManager HttpConnectionManager(string routeConfiguration, IEnumerable<HttpFilter> filters, bool gateway)
    {
        var hcm = new HttpConnectionManager
        {
            StatPrefix = Defaults.StatPrefix,
            Rds = new Rds { RouteConfigName = routeConfiguration, ConfigSource = Protos.Ads() },
        };
        if (gateway)
        {
            hcm.StripAnyHostPort = true;
            hcm.UpgradeConfigs.Add(new HttpConnectionManager.Types.UpgradeConfig { UpgradeType = WebSocketUpgrade });
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
