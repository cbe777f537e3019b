using Envoy.Service.Discovery.V3;
using XdsControlPlane.Xds.Protocol;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Benchmarks.Load;

/// <summary>
/// An incremental (delta) ADS client. CDS and LDS are wildcard (first request subscribes nothing); EDS and RDS
/// subscribe and unsubscribe names as clusters and listeners come and go. An ACK carries only the response nonce.
/// </summary>
internal sealed class DeltaProxy(int index, LoadContext context) : SimulatedProxy(index, context)
{
    private readonly HashSet<string> _clusters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> _listenerRoutes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _routes = new(StringComparer.Ordinal);
    private bool _ldsRequested;

    protected override string Method => XdsServices.AggregatedDelta;

    protected override Task SendInitialAsync() =>
        SendAsync(new DeltaDiscoveryRequest { TypeUrl = TypeUrls.Cluster, Node = Node });

    protected override void OnReset()
    {
        _clusters.Clear();
        _listenerRoutes.Clear();
        _routes.Clear();
        _ldsRequested = false;
    }

    protected override async Task OnResponseAsync(byte[] payload)
    {
        var systemVersion = string.Empty;
        var typeUrl = string.Empty;
        var nonce = string.Empty;
        var updated = new List<(string Name, string Version, int Offset, int Length)>();
        var removed = new List<string>();
        var scanner = new WireScanner(payload);
        while (scanner.Next())
        {
            switch (scanner.Field)
            {
                case 1:
                    systemVersion = scanner.String();
                    break;
                case 2:
                    // Resource { version = 1, resource = 2 (Any), name = 3 }
                    var (offset, length) = scanner.BytesRange();
                    var resource = payload.AsSpan(offset, length);
                    updated.Add((WireScanner.FindString(resource, 3), WireScanner.FindString(resource, 1), offset, length));
                    break;
                case 4:
                    typeUrl = scanner.String();
                    break;
                case 5:
                    nonce = scanner.String();
                    break;
                case 6:
                    removed.Add(scanner.String());
                    break;
                default:
                    scanner.Skip();
                    break;
            }
        }

        var type = TypeIndex(typeUrl);
        Count(type, payload.Length);
        var ack = new DeltaDiscoveryRequest { TypeUrl = typeUrl, ResponseNonce = nonce };
        switch (type)
        {
            case Cds:
                await SendAsync(ack).ConfigureAwait(false);
                var subscribe = updated.Select(u => u.Name).Where(_clusters.Add).ToArray();
                var unsubscribe = removed.Where(_clusters.Remove).ToArray();
                if (subscribe.Length > 0 || unsubscribe.Length > 0)
                {
                    var eds = new DeltaDiscoveryRequest { TypeUrl = TypeUrls.ClusterLoadAssignment };
                    eds.ResourceNamesSubscribe.AddRange(subscribe);
                    eds.ResourceNamesUnsubscribe.AddRange(unsubscribe);
                    await SendAsync(eds).ConfigureAwait(false);
                }

                break;
            case Eds:
                await SendAsync(ack).ConfigureAwait(false);
                Context.Tracker.Acked(this, Eds, payload.Length, updated.Count, systemVersion);
                if (!_ldsRequested)
                {
                    _ldsRequested = true;
                    await SendAsync(new DeltaDiscoveryRequest { TypeUrl = TypeUrls.Listener }).ConfigureAwait(false);
                }

                break;
            case Lds:
                foreach (var (name, version, offset, length) in updated)
                {
                    var key = "lds|" + name + "|" + version;
                    if (!Context.TryGetNames(key, out var routes))
                    {
                        // Resource.resource is an Any whose value (field 2) is the Listener.
                        var any = WireScanner.FindBytes(payload.AsSpan(offset, length), 2);
                        routes = LoadContext.RouteNamesOf(WireScanner.FindBytes(any, 2));
                        Context.Remember(key, routes);
                    }

                    _listenerRoutes[name] = routes;
                }

                foreach (var name in removed)
                {
                    _listenerRoutes.Remove(name);
                }

                await SendAsync(ack).ConfigureAwait(false);
                var wanted = _listenerRoutes.Values.SelectMany(r => r).ToHashSet(StringComparer.Ordinal);
                var add = wanted.Where(_routes.Add).ToArray();
                var drop = _routes.Where(r => !wanted.Contains(r)).ToArray();
                _routes.ExceptWith(drop);
                if (add.Length > 0 || drop.Length > 0)
                {
                    var rds = new DeltaDiscoveryRequest { TypeUrl = TypeUrls.RouteConfiguration };
                    rds.ResourceNamesSubscribe.AddRange(add);
                    rds.ResourceNamesUnsubscribe.AddRange(drop);
                    await SendAsync(rds).ConfigureAwait(false);
                }

                break;
            case Rds:
                await SendAsync(ack).ConfigureAwait(false);
                Context.Tracker.Acked(this, Rds, payload.Length, updated.Count, systemVersion);
                break;
        }

        Acked(type);
    }
}
