namespace XdsControlPlane.Benchmarks;

/// <summary>Nearest-rank percentiles over a sorted sample.</summary>
internal static class Percentiles
{
    /// <summary>The smallest value with at least <paramref name="p"/> of the sample at or below it; 0 when empty.</summary>
    public static double Of(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>p50, p99 and max of an unsorted sample.</summary>
    public static (double P50, double P99, double Max) Summary(IEnumerable<double> values)
    {
        var sorted = values.ToList();
        sorted.Sort();
        return (Of(sorted, 0.50), Of(sorted, 0.99), sorted.Count == 0 ? 0 : sorted[^1]);
    }
}
