using Microsoft.Extensions.Logging;
using XdsControlPlane.Sources.Kubernetes.Api;

namespace XdsControlPlane.Sources.Kubernetes.Status;

/// <summary>
/// Leader election on a <c>coordination.k8s.io/v1</c> Lease, so only one replica writes status. Each step reads the
/// Lease; a free, expired or own Lease is written with this identity and a fresh renewTime, using the read
/// resourceVersion so that of two replicas racing, one gets 409 Conflict and stays a follower. Expiry is judged by
/// the local clock from when this replica last saw the Lease change (not by the holder's timestamps), so clock skew
/// between replicas does not matter. A leader that cannot renew for two thirds of the lease duration steps down.
/// </summary>
internal sealed partial class LeaderElector : IAsyncDisposable
{
    private readonly IKubernetesApi _api;
    private readonly string _namespace;
    private readonly string _name;
    private readonly TimeSpan _duration;
    private readonly TimeSpan _retry;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly BackgroundLoop _loop = new();
    private Lease? _observed;
    private DateTimeOffset _observedAt;
    private DateTimeOffset _renewedAt;
    private volatile bool _leading;

    /// <summary>Creates an elector that is not leading.</summary>
    public LeaderElector(IKubernetesApi api, string ns, string name, string identity, TimeSpan leaseDuration, TimeSpan retryPeriod, TimeProvider time, ILogger logger)
    {
        (_api, _namespace, _name, Identity, _duration, _retry, _time, _logger) = (api, ns, name, identity, leaseDuration, retryPeriod, time, logger);
    }

    /// <summary>This replica's holderIdentity.</summary>
    public string Identity { get; }

    /// <summary>Whether this replica holds the Lease.</summary>
    public bool IsLeader => _leading;

    /// <summary>Raised when leadership is gained (true) or lost (false).</summary>
    public event Action<bool>? LeadershipChanged;

    /// <summary>Starts trying to acquire, then renewing, every retry period.</summary>
    public void Start() => _loop.Start(RunAsync);

    /// <summary>One attempt to acquire or renew the Lease; returns whether this replica leads afterwards.</summary>
    public async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        try
        {
            var lease = await _api.GetLeaseAsync(_namespace, _name, cancellationToken).ConfigureAwait(false);
            if (lease is null)
            {
                var created = await _api.CreateLeaseAsync(new Lease(_namespace, _name, null, Identity, Seconds(), now, now, 0), cancellationToken).ConfigureAwait(false);
                return Won(created, now);
            }

            if (_observed is null || lease.ResourceVersion != _observed.ResourceVersion)
            {
                (_observed, _observedAt) = (lease, now);
            }

            var held = lease.HolderIdentity is { Length: > 0 } holder && holder != Identity;
            var expired = now >= _observedAt + TimeSpan.FromSeconds(Math.Max(lease.LeaseDurationSeconds, 1));
            if (held && !expired)
            {
                return Lost();
            }

            var ours = lease.HolderIdentity == Identity;
            var claim = lease with
            {
                HolderIdentity = Identity,
                LeaseDurationSeconds = Seconds(),
                AcquireTime = ours ? lease.AcquireTime ?? now : now,
                RenewTime = now,
                LeaseTransitions = ours ? lease.LeaseTransitions : lease.LeaseTransitions + 1,
            };
            var updated = await _api.UpdateLeaseAsync(claim, cancellationToken).ConfigureAwait(false);
            return Won(updated, now);
        }
        catch (KubernetesApiException e) when (e.IsConflict)
        {
            // Another replica wrote it first: read again next time.
            return Lost();
        }
        catch (Exception e) when (e is KubernetesApiException or HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogAttemptFailed(e.Message);
            // Keep leading through short outages, but not past the point where another replica may take over.
            return _leading && now - _renewedAt < _duration * 2 / 3 || Lost();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!await _loop.StopAsync().ConfigureAwait(false))
        {
            return;
        }

        if (_leading && _observed is { } lease)
        {
            // Hand over at once rather than make the next leader wait out the lease.
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _api.UpdateLeaseAsync(lease with { HolderIdentity = null, LeaseDurationSeconds = 1, RenewTime = _time.GetUtcNow() }, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is KubernetesApiException or HttpRequestException or IOException or OperationCanceledException)
            {
                LogAttemptFailed(e.Message);
            }

            Lost();
        }
    }

    private int Seconds() => (int)Math.Ceiling(_duration.TotalSeconds);

    private bool Won(Lease lease, DateTimeOffset now)
    {
        (_observed, _observedAt, _renewedAt) = (lease, now, now);
        if (!_leading)
        {
            _leading = true;
            LogLeading(Identity, _namespace, _name);
            LeadershipChanged?.Invoke(true);
        }

        return true;
    }

    private bool Lost()
    {
        if (_leading)
        {
            _leading = false;
            LogStoppedLeading(Identity, _namespace, _name);
            LeadershipChanged?.Invoke(false);
        }

        return false;
    }

    private async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await TryAcquireOrRenewAsync(stop).ConfigureAwait(false);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                // Unexpected (a malformed Lease?): keep trying rather than stop electing.
                LogAttemptFailed(e.Message);
                Lost();
            }

            await Task.Delay(_retry, _time, stop).ConfigureAwait(false);
        }
    }
}
