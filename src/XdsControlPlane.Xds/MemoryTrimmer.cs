using System.Runtime;

namespace XdsControlPlane.Xds;

/// <summary>
/// Gives memory back after push bursts. A push to every stream of a large fleet briefly needs write buffers and
/// response objects for all of them; afterwards the GC keeps the heap it grew to and Kestrel's pool keeps its blocks,
/// so an idle server stays at its burst size. Once pushes have stopped for the idle period, this runs one blocking,
/// compacting, aggressive collection (which also releases free memory to the operating system) and then waits for
/// the next burst. It never runs while pushes are going out, and at most once per burst.
/// </summary>
internal sealed class MemoryTrimmer : IAsyncDisposable
{
    private readonly Func<long> _pushes;
    private readonly ITimer _timer;
    private long _seen;
    private long _trimmedAt;

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
            return; // nothing pushed since the last trim
        }

        _trimmedAt = now;
        Trims++;
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _timer.DisposeAsync();
}
