namespace XdsControlPlane.Diagnostics.Metrics;

/// <summary>
/// One labelled series of an instrument: a value (counters, gauges) or fixed buckets, sum and count (histograms).
/// Updated lock-free from the recording thread; read at scrape time.
/// </summary>
internal sealed class MetricSeries(IReadOnlyList<KeyValuePair<string, string>> labels, int buckets)
{
    private readonly long[] _buckets = new long[buckets];
    private long _valueBits;
    private long _sumBits;
    private long _count;

    /// <summary>Label names and values, in the order the instrument reports them.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; } = labels;

    /// <summary>Counter or gauge value.</summary>
    public double Value => BitConverter.Int64BitsToDouble(Interlocked.Read(ref _valueBits));

    /// <summary>Histogram sum of observations.</summary>
    public double Sum => BitConverter.Int64BitsToDouble(Interlocked.Read(ref _sumBits));

    /// <summary>Histogram count of observations.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Non-cumulative count of bucket <paramref name="index"/> (the last one is +Inf).</summary>
    public long Bucket(int index) => Interlocked.Read(ref _buckets[index]);

    public void Add(double value) => AddBits(ref _valueBits, value);

    public void Set(double value) => Interlocked.Exchange(ref _valueBits, BitConverter.DoubleToInt64Bits(value));

    public void Observe(double value, IReadOnlyList<double> bounds)
    {
        var index = 0;
        while (index < bounds.Count && value > bounds[index])
        {
            index++;
        }

        Interlocked.Increment(ref _buckets[index]);
        AddBits(ref _sumBits, value);
        Interlocked.Increment(ref _count);
    }

    private static void AddBits(ref long bits, double value)
    {
        long initial, updated;
        do
        {
            initial = Interlocked.Read(ref bits);
            updated = BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(initial) + value);
        }
        while (Interlocked.CompareExchange(ref bits, updated, initial) != initial);
    }
}
