using Grpc.Health.V1;
using Grpc.HealthCheck;
using XdsControlPlane.Xds.Protocol;
using XdsControlPlane.Xds.Snapshots;
using XdsControlPlane.Xds.Status;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace XdsControlPlane.Xds;

/// <summary>
/// <c>grpc.health.v1</c> on the xDS port (Grpc.HealthCheck): NOT_SERVING until the first snapshot is published (a
/// proxy connecting earlier would get nothing to run on), SERVING from then on, NOT_SERVING again once shutdown begins
/// (and for good: a late publish does not revive it). Reported for the whole server (<c>""</c>) and for each service.
/// </summary>
internal sealed class XdsHealth : IDisposable
{
    private const int Starting = 0, Serving = 1, Stopping = 2;

    private readonly HealthServiceImpl _service;
    private readonly ISnapshotStore _store;
    private readonly IDisposable _watch;
    private readonly Lock _lock = new();
    private int _state = Starting;

    public XdsHealth(HealthServiceImpl service, ISnapshotStore store)
    {
        _service = service;
        _store = store;
        Set(ServingStatus.NotServing);
        _watch = store.WatchAll(OnPublished);
        OnPublished();
    }

    /// <summary>The service names reported: the server as a whole, ADS, the per-type services and CSDS.</summary>
    public static IReadOnlyList<string> ServiceNames { get; } =
    [
        "",
        .. new[] { XdsServices.AggregatedSotw, ClientStatusService.StreamMethod }.Select(path => path[1..path.LastIndexOf('/')]),
        .. XdsServices.PerType.Select(t => t.Service),
    ];

    /// <summary>Reports NOT_SERVING from now on.</summary>
    public void ShuttingDown()
    {
        lock (_lock)
        {
            _state = Stopping;
            Set(ServingStatus.NotServing);
        }
    }

    public void Dispose() => _watch.Dispose();

    private void OnPublished()
    {
        if (Volatile.Read(ref _state) != Starting || _store.Profiles.Count == 0)
        {
            return;
        }

        lock (_lock)
        {
            if (_state == Starting)
            {
                _state = Serving;
                Set(ServingStatus.Serving);
            }
        }
    }

    private void Set(ServingStatus status)
    {
        foreach (var name in ServiceNames)
        {
            _service.SetStatus(name, status);
        }
    }
}
