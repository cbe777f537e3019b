namespace XdsControlPlane.Sources.Kubernetes.Informers;

/// <summary>
/// Capped exponential backoff with jitter: the n-th consecutive failure waits between half and all of
/// min(cap, initial × 2ⁿ), so replicas that failed together do not retry together.
/// </summary>
internal sealed class Backoff(TimeSpan initial, TimeSpan cap, Random? random = null)
{
    private readonly Random _random = random ?? Random.Shared;
    private int _failures;

    /// <summary>Consecutive failures so far.</summary>
    public int Failures => _failures;

    /// <summary>Counts a failure and returns how long to wait before the next attempt.</summary>
    public TimeSpan Next()
    {
        var exponent = Math.Min(_failures++, 30);
        var ceiling = Math.Min(cap.TotalMilliseconds, initial.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds(ceiling / 2 + (_random.NextDouble() * ceiling / 2));
    }

    /// <summary>A success: the next failure waits the initial delay again.</summary>
    public void Reset() => _failures = 0;
}
