namespace XdsControlPlane.Sources;

/// <summary>
/// Turns a burst of change signals into one call: the action runs once no signal has come for the quiet period, or
/// once the cap has passed since the first signal of the burst, whichever is first (so a steady trickle of changes
/// still gets through). Time comes from a <see cref="TimeProvider"/>, so tests drive it with a manual clock.
/// </summary>
internal sealed class Debouncer : IDisposable
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _quiet;
    private readonly TimeSpan _cap;
    private readonly Action _action;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private DateTimeOffset? _burstStart;
    private DateTimeOffset _dueAt;
    private bool _disposed;

    /// <summary>Creates an idle debouncer.</summary>
    public Debouncer(TimeProvider time, TimeSpan quiet, TimeSpan cap, Action action)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quiet, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(cap, quiet);
        (_time, _quiet, _cap, _action) = (time, quiet, cap, action);
        _timer = time.CreateTimer(_ => Fire(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Whether a burst is waiting to fire.</summary>
    public bool Pending
    {
        get
        {
            lock (_gate)
            {
                return _burstStart is not null;
            }
        }
    }

    /// <summary>Something changed: (re)arms the timer.</summary>
    public void Signal()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var now = _time.GetUtcNow();
            _burstStart ??= now;
            var quietEnd = now + _quiet;
            var capEnd = _burstStart.Value + _cap;
            _dueAt = quietEnd < capEnd ? quietEnd : capEnd;
            _timer.Change(_dueAt - now, Timeout.InfiniteTimeSpan);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _burstStart = null;
        }

        _timer.Dispose();
    }

    private void Fire()
    {
        lock (_gate)
        {
            if (_disposed || _burstStart is null)
            {
                return;
            }

            // A real timer can fire from an old schedule while Signal moves it (or a hair early by the wall clock):
            // wait out the rest rather than fire early or drop the burst.
            var now = _time.GetUtcNow();
            if (now < _dueAt)
            {
                _timer.Change(_dueAt - now, Timeout.InfiniteTimeSpan);
                return;
            }

            _burstStart = null;
        }

        _action();
    }
}
