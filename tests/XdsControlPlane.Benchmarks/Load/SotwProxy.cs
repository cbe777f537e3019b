using Envoy.Service.Discovery.V3;
using XdsControlPlane.Xds.Protocol;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Benchmarks.Load;

/// <summary>
/// A State-of-the-World ADS client. Requests carry the full set of names it wants per type; an ACK echoes the version
/// and nonce of the response it accepts. CDS and LDS are wildcard (empty names).
/// </summary>
internal sealed class SotwProxy(int index, LoadContext context) : SimulatedProxy(index, context)
{
    private readonly string?[] _versions = new string?[4];
    private readonly string?[] _nonces = new string?[4];
    private string[] _clusters = [];
    private string[] _routes = [];
    private bool _ldsRequested;

    protected override string Method => XdsServices.AggregatedSotw;

    protected override Task SendInitialAsync() => SendAsync(Request(TypeUrls.Cluster, Cds, [], Node));

    protected override void OnReset()
    {
        Array.Clear(_versions);
        Array.Clear(_nonces);
        (_clusters, _routes, _ldsRequested) = ([], [], false);
    }

    protected override async Task OnResponseAsync(byte[] payload)
    {
        var version = string.Empty;
        var typeUrl = string.Empty;
        var nonce = string.Empty;
        var resources = 0;
        var scanner = new WireScanner(payload);
        while (scanner.Next())
        {
            switch (scanner.Field)
            {
                case 1:
                    version = scanner.String();
                    break;
                case 2:
                    resources++;
                    scanner.Skip();
                    break;
                case 4:
                    typeUrl = scanner.String();
                    break;
                case 5:
                    nonce = scanner.String();
                    break;
                default:
                    scanner.Skip();
                    break;
            }
        }

        var type = TypeIndex(typeUrl);
        Count(type, payload.Length);
        _versions[type] = version;
        _nonces[type] = nonce;
        switch (type)
        {
            case Cds:
                var clusters = Names(payload, typeUrl, version, listeners: false);
                await SendAsync(Request(typeUrl, Cds, [])).ConfigureAwait(false);
                if (!clusters.AsSpan().SequenceEqual(_clusters))
                {
                    // The full set of EDS names, as an update of the EDS subscription (keeps the last EDS version/nonce).
                    _clusters = clusters;
                    await SendAsync(Request(TypeUrls.ClusterLoadAssignment, Eds, _clusters)).ConfigureAwait(false);
                }

                break;
            case Eds:
                await SendAsync(Request(typeUrl, Eds, _clusters)).ConfigureAwait(false);
                Context.Tracker.Acked(this, Eds, payload.Length, resources, version);
                if (!_ldsRequested)
                {
                    _ldsRequested = true;
                    await SendAsync(Request(TypeUrls.Listener, Lds, [])).ConfigureAwait(false);
                }

                break;
            case Lds:
                var routes = Names(payload, typeUrl, version, listeners: true);
                await SendAsync(Request(typeUrl, Lds, [])).ConfigureAwait(false);
                if (!routes.AsSpan().SequenceEqual(_routes))
                {
                    _routes = routes;
                    await SendAsync(Request(TypeUrls.RouteConfiguration, Rds, _routes)).ConfigureAwait(false);
                }

                break;
            case Rds:
                await SendAsync(Request(typeUrl, Rds, _routes)).ConfigureAwait(false);
                Context.Tracker.Acked(this, Rds, payload.Length, resources, version);
                break;
        }

        Acked(type);
    }

    /// <summary>A request for <paramref name="typeUrl"/> carrying the last version and nonce received for it.</summary>
    private DiscoveryRequest Request(string typeUrl, int type, string[] names, Envoy.Config.Core.V3.Node? node = null)
    {
        var request = new DiscoveryRequest
        {
            TypeUrl = typeUrl,
            VersionInfo = _versions[type] ?? string.Empty,
            ResponseNonce = _nonces[type] ?? string.Empty,
            Node = node,
        };
        request.ResourceNames.AddRange(names);
        return request;
    }

    /// <summary>Cluster names (CDS) or the route names the listeners use (LDS), cached per response version.</summary>
    private string[] Names(byte[] payload, string typeUrl, string version, bool listeners)
    {
        var key = typeUrl + "|" + version;
        if (Context.TryGetNames(key, out var cached))
        {
            return cached;
        }

        var names = new SortedSet<string>(StringComparer.Ordinal);
        var scanner = new WireScanner(payload);
        while (scanner.Next())
        {
            if (scanner.Field != 2)
            {
                scanner.Skip();
                continue;
            }

            // resources: Any { type_url = 1, value = 2 }; Cluster.name and Listener.name are field 1.
            var body = WireScanner.FindBytes(scanner.Bytes(), 2);
            if (listeners)
            {
                names.UnionWith(LoadContext.RouteNamesOf(body));
            }
            else
            {
                names.Add(WireScanner.FindString(body, 1));
            }
        }

        var result = names.ToArray();
        Context.Remember(key, result);
        return result;
    }
}
