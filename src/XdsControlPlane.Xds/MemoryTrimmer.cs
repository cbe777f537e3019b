using System.Runtime;

namespace XdsControlPlane.Xds;

/// <summary>
/// Gives memory back after push bursts. A push to every stream of a large fleet briefly needs write buffers and
/// response objects for all of them; afterwards the GC keeps the heap it grew to and Kestrel's pool keeps its blocks,
/// so an idle server stays at its burst size. Once pushes have stopped for the idle period, this runs one blocking,
/// compacting, aggressive collection (which also releases free memory to the operating system) and then waits for
/// the next burst, with one follow-up collection a few quiet periods later (for buffers pools let go of in the
/// meantime). It never runs while pushes are going out, and at most twice per burst.
/// </summary>
internal sealed class MemoryTrimmer : IAsyncDisposable
{
    private readonly Func<long> _pushes;
    private readonly ITimer _timer;
    private long _seen;
    private long _trimmedAt;
    private int _quietChecks;

    /// <summary>Quiet checks after a trim before the follow-up collection.</summary>
    private const int FollowUpAfter = 3;

    /// <summary>Checks every <paramref name="idle"/> whether pushes happened since the last check.</summary>
    public MemoryTrimmer(TimeSpan idle, TimeProvider clock, Func<long>? pushes = null)
    {
        _pushes = pushes ?? (() => XdsMetrics.PushCount);
        _seen = _trimmedAt = _pushes();
        _timer = clock.CreateTimer(_ => Check(), null, idle, idle);
    }

    /// <summary>Number of trims so far.</summary>
    public int Trims { get; private set; }

    /// <summary>Called by the timer: trims when the last period had no pushes but the one before did.</summary>
    internal void Check()
    {
        var now = _pushes();
        if (now != _seen)
        {
            _seen = now; // still pushing (or a burst just ended): look again after a quiet period
            return;
        }

        if (now == _trimmedAt)
        {
            // Nothing pushed since the last trim. Kestrel's pools release idle blocks on their own schedule, after
            // the first trim: one more collection a few periods later returns those too.
            if (++_quietChecks == FollowUpAfter)
            {
                Collect();
            }

            return;
        }

        _trimmedAt = now;
        _quietChecks = 0;
        Collect();
    }

    private void Collect()
    {
        Trims++;
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _timer.DisposeAsync();
}
