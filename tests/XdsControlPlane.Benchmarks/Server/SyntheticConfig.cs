using System.Globalization;
using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Benchmarks.Server;

/// <summary>
/// A synthetic mesh configuration: per service one EDS cluster, its ClusterLoadAssignment, a route configuration and
/// an Envoy-style listener (own port, HttpConnectionManager taking routes from RDS over ADS).
/// Every resource is serialized once (<see cref="XdsResource.Create"/>); a change re-creates only the resource that
/// changed and reuses every other <see cref="XdsResource"/>, as the real compiler must, so
/// <see cref="XdsResource.Serializations"/> grows by exactly the number of changed resources.
/// </summary>
internal sealed class SyntheticConfig
{
    private readonly XdsResource[] _clusters;
    private readonly XdsResource[] _endpoints;
    private readonly XdsResource[] _routes;
    private readonly XdsResource[] _listeners;
    private readonly int[] _portBumps;
    private readonly int _endpointsPerService;
    private long _generation;

    public SyntheticConfig(int services, int endpointsPerService)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(services, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(endpointsPerService, 1);
        _endpointsPerService = endpointsPerService;
        _clusters = new XdsResource[services];
        _endpoints = new XdsResource[services];
        _routes = new XdsResource[services];
        _listeners = new XdsResource[services];
        _portBumps = new int[services];
        for (var i = 0; i < services; i++)
        {
            _clusters[i] = XdsResource.Create(Resources.Cluster(ClusterName(i)));
            _endpoints[i] = Endpoints(i);
            _routes[i] = XdsResource.Create(Resources.Route(RouteName(i), ClusterName(i), domain: ServiceName(i) + ".example"));
            _listeners[i] = XdsResource.Create(Resources.Listener(ServiceName(i) + "-listener", RouteName(i), port: 10000 + i));
        }
    }

    public int Services => _clusters.Length;

    /// <summary>Total resources in every snapshot.</summary>
    public int ResourceCount => _clusters.Length * 4;

    /// <summary>The snapshot of the current state.</summary>
    public Snapshot Build() =>
        Snapshot.Create(_clusters.Concat(_endpoints).Concat(_routes).Concat(_listeners), ++_generation);

    /// <summary>
    /// Changes exactly one ClusterLoadAssignment (round robin over services): the port of its first endpoint moves
    /// by one. Returns the changed resource.
    /// </summary>
    public XdsResource ChangeOneEndpoint(int sequence)
    {
        var service = sequence % _endpoints.Length;
        _portBumps[service]++;
        _endpoints[service] = Endpoints(service);
        return _endpoints[service];
    }

    public static string ServiceName(int i) => "svc-" + i.ToString("D4", CultureInfo.InvariantCulture);

    public static string ClusterName(int i) => ServiceName(i) + "-cluster";

    public static string RouteName(int i) => ServiceName(i) + "-route";

    private XdsResource Endpoints(int service)
    {
        var addresses = new (string Ip, int Port)[_endpointsPerService];
        for (var e = 0; e < addresses.Length; e++)
        {
            // 10.x.y.z literals (gRPC clients need IP literals); only the first endpoint's port ever moves.
            var ip = string.Create(CultureInfo.InvariantCulture, $"10.{service / 250 % 250}.{service % 250}.{e + 1}");
            addresses[e] = (ip, 8080 + (e == 0 ? _portBumps[service] % 50000 : 0));
        }

        return XdsResource.Create(Resources.Endpoints(ClusterName(service), addresses));
    }
}
