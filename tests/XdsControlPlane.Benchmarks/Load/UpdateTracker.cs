using System.Diagnostics;

namespace XdsControlPlane.Benchmarks.Load;

/// <summary>
/// Per-update, per-stream records of the first response of the watched type (EDS after an endpoint change, RDS after a
/// route change) after a publish: when the stream had ACKed it (relative
/// to the moment the load generator sent <c>publish</c>), its payload size, resource count and version. Each stream
/// writes only its own slot, from its own receive loop.
/// </summary>
internal sealed class UpdateTracker(int updates, int streams)
{
    private readonly int[] _done = new int[updates];
    private readonly int[] _otherResponses = new int[updates];
    private readonly int[] _extraEdsResponses = new int[updates];
    private long _startTicks;
    private volatile int _current = -1;
    private volatile int _watched = SimulatedProxy.Eds;

    /// <summary>Milliseconds from publish to ACK sent; NaN for streams that never ACKed.</summary>
    public double[][] LatencyMs { get; } = Fill(updates, streams, double.NaN);

    /// <summary>gRPC payload bytes of the EDS response that carried the update.</summary>
    public int[][] Bytes { get; } = Fill(updates, streams, 0);

    /// <summary>Resources in that response.</summary>
    public int[][] ResourceCounts { get; } = Fill(updates, streams, 0);

    /// <summary>Its version (SotW <c>version_info</c>, delta <c>system_version_info</c>).</summary>
    public string?[][] Versions { get; } = Fill<string?>(updates, streams, null);

    /// <summary>The update being measured, or -1 outside the update phase.</summary>
    public int Current => _current;

    /// <summary>Starts measuring update <paramref name="update"/> from now, by the ACKs of type <paramref name="watched"/>.</summary>
    public void Begin(int update, int watched = SimulatedProxy.Eds)
    {
        Volatile.Write(ref _startTicks, Stopwatch.GetTimestamp());
        _watched = watched;
        _current = update;
    }

    /// <summary>Stops attributing responses to any update.</summary>
    public void End() => _current = -1;

    /// <summary>Streams that ACKed update <paramref name="update"/> so far.</summary>
    public int Done(int update) => Volatile.Read(ref _done[update]);

    /// <summary>Responses of other types received while the update was measured (a correct server sends none).</summary>
    public int OtherResponses(int update) => Volatile.Read(ref _otherResponses[update]);

    /// <summary>Responses of the watched type beyond the first per stream during the update (a correct server sends none).</summary>
    public int ExtraEdsResponses(int update) => Volatile.Read(ref _extraEdsResponses[update]);

    /// <summary>Called by a stream after it has sent the ACK of an EDS or RDS response.</summary>
    public void Acked(SimulatedProxy proxy, int type, int bytes, int resources, string version)
    {
        var update = _current;
        if (update < 0 || type != _watched)
        {
            return;
        }

        if (proxy.LastCountedUpdate >= update)
        {
            Interlocked.Increment(ref _extraEdsResponses[update]);
            return;
        }

        proxy.LastCountedUpdate = update;
        var i = proxy.Index;
        LatencyMs[update][i] = Stopwatch.GetElapsedTime(Volatile.Read(ref _startTicks)).TotalMilliseconds;
        Bytes[update][i] = bytes;
        ResourceCounts[update][i] = resources;
        Versions[update][i] = version;
        Interlocked.Increment(ref _done[update]);
    }

    /// <summary>Called by a stream for every response; counts those not of the watched type.</summary>
    public void Response(int type)
    {
        var update = _current;
        if (update >= 0 && type != _watched)
        {
            Interlocked.Increment(ref _otherResponses[update]);
        }
    }

    private static T[][] Fill<T>(int rows, int columns, T value)
    {
        var result = new T[rows][];
        for (var r = 0; r < rows; r++)
        {
            result[r] = new T[columns];
            Array.Fill(result[r], value);
        }

        return result;
    }
}
