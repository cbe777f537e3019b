using XdsControlPlane.Xds.Ledger;

namespace XdsControlPlane.Rejections;

/// <summary>
/// The traced NACKs of the connected clients (<see cref="NackTrace"/>), for the diagnostics API, the CLI and object
/// status. Computed when asked and kept until the ledger reports a NACK arriving or clearing; <see cref="Changed"/>
/// tells the status writer, at most once per <c>interval</c>, so a fleet NACKing at once costs one trace.
/// </summary>
internal sealed class ClientRejections : IDisposable
{
    private readonly ProxyLedger _ledger;
    private readonly ITimer _timer;
    private readonly Lock _lock = new();
    private readonly TimeSpan _interval;
    private (long Epoch, IReadOnlyList<ClientRejection> Value)? _cached;
    private int _armed;

    /// <summary>Watches <paramref name="ledger"/>; <see cref="Changed"/> fires <paramref name="interval"/> after the first change of a burst.</summary>
    public ClientRejections(ProxyLedger ledger, TimeProvider clock, TimeSpan interval)
    {
        (_ledger, _interval) = (ledger, interval);
        _timer = clock.CreateTimer(_ => Fire(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        ledger.RejectionsChanged += Signal;
    }

    /// <summary>Raised (on a timer thread) after NACKs arrived or cleared.</summary>
    public event Action? Changed;

    /// <summary>The rejections now, sorted by object and field.</summary>
    public IReadOnlyList<ClientRejection> Current()
    {
        var epoch = _ledger.RejectionEpoch;
        lock (_lock)
        {
            if (_cached is { } cached && cached.Epoch == epoch)
            {
                return cached.Value;
            }
        }

        var value = NackTrace.Trace(_ledger.Rejecting());
        lock (_lock)
        {
            _cached = (epoch, value);
        }

        return value;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _ledger.RejectionsChanged -= Signal;
        _timer.Dispose();
    }

    // On a stream's thread: only arm the timer.
    private void Signal()
    {
        if (Interlocked.Exchange(ref _armed, 1) == 0)
        {
            _timer.Change(_interval, Timeout.InfiniteTimeSpan);
        }
    }

    private void Fire()
    {
        Interlocked.Exchange(ref _armed, 0);
        Changed?.Invoke();
    }
}
