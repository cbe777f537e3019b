using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Validate;

namespace XdsControlPlane.Compiler.Validation;

/// <summary>A Duration or Timestamp as an ordered (seconds, nanos) pair, so both share <see cref="RangeCheck{T}"/>.</summary>
internal readonly record struct TimePoint(long Seconds, int Nanos) : IComparable<TimePoint>
{
    public static TimePoint Of(Duration? duration) => duration is null ? default : new(duration.Seconds, duration.Nanos);

    public static TimePoint Of(Timestamp? timestamp) => timestamp is null ? default : new(timestamp.Seconds, timestamp.Nanos);

    public int CompareTo(TimePoint other) => Seconds != other.Seconds ? Seconds.CompareTo(other.Seconds) : Nanos.CompareTo(other.Nanos);

    /// <summary>Like protobuf JSON: <c>0s</c>, <c>1.5s</c>, <c>-0.000000001s</c>.</summary>
    public static string FormatDuration(TimePoint d)
    {
        var negative = d.Seconds < 0 || d.Nanos < 0;
        var seconds = Math.Abs(d.Seconds).ToString(CultureInfo.InvariantCulture);
        var nanos = Math.Abs(d.Nanos) == 0 ? string.Empty : "." + Math.Abs(d.Nanos).ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
        return $"{(negative ? "-" : string.Empty)}{seconds}{nanos}s";
    }

    public static string FormatTimestamp(TimePoint t)
    {
        try
        {
            return new Timestamp { Seconds = t.Seconds, Nanos = t.Nanos }.ToDateTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return $"{t.Seconds}s+{t.Nanos}ns since the epoch";
        }
    }
}

/// <summary><c>duration</c> rules but <c>required</c> (a field-level rule): <c>const</c>, the range, <c>in</c>, <c>not_in</c>.</summary>
internal sealed class DurationCheck : ValueCheck
{
    private readonly string _kind;
    private readonly TimePoint? _const;
    private readonly RangeCheck<TimePoint>? _range;
    private readonly HashSet<TimePoint>? _in;
    private readonly HashSet<TimePoint>? _notIn;

    private DurationCheck(DurationRules r, string kind, RangeCheck<TimePoint>? range)
    {
        _kind = kind;
        _const = r.Const is null ? null : TimePoint.Of(r.Const);
        _range = range;
        _in = r.In.Count > 0 ? [.. r.In.Select(TimePoint.Of)] : null;
        _notIn = r.NotIn.Count > 0 ? [.. r.NotIn.Select(TimePoint.Of)] : null;
    }

    public static DurationCheck? Create(DurationRules r, string kind)
    {
        var range = RangeCheck<TimePoint>.Create(kind, TimePoint.FormatDuration, Limit(r.Lt), Limit(r.Lte), Limit(r.Gt), Limit(r.Gte));
        return r.Const is not null || range is not null || r.In.Count > 0 || r.NotIn.Count > 0 ? new DurationCheck(r, kind, range) : null;
    }

    public override void Check(object value, ConstraintWalker walker)
    {
        if (value is not Duration duration)
        {
            return;
        }

        var point = TimePoint.Of(duration);
        if (_const is { } expected && point != expected)
        {
            walker.Report(_kind + ".const", $"value must equal {TimePoint.FormatDuration(expected)}, got {TimePoint.FormatDuration(point)}");
        }

        _range?.Check(point, walker);
        if (_in is not null && !_in.Contains(point))
        {
            walker.Report(_kind + ".in", $"value must be in list [{string.Join(", ", _in.Select(TimePoint.FormatDuration))}], got {TimePoint.FormatDuration(point)}");
        }

        if (_notIn is not null && _notIn.Contains(point))
        {
            walker.Report(_kind + ".not_in", $"value must not be in list [{string.Join(", ", _notIn.Select(TimePoint.FormatDuration))}], got {TimePoint.FormatDuration(point)}");
        }
    }

    private static RangeCheck<TimePoint>.Limit Limit(Duration? bound) => new(bound is not null, TimePoint.Of(bound));
}

/// <summary>
/// <c>timestamp</c> rules but <c>required</c>: <c>const</c> and the range. <c>lt_now</c>, <c>gt_now</c> and
/// <c>within</c> need the clock, which the compiler never reads, so they are not checked.
/// </summary>
internal sealed class TimestampCheck : ValueCheck
{
    private readonly string _kind;
    private readonly TimePoint? _const;
    private readonly RangeCheck<TimePoint>? _range;

    private TimestampCheck(TimestampRules r, string kind, RangeCheck<TimePoint>? range)
    {
        _kind = kind;
        _const = r.Const is null ? null : TimePoint.Of(r.Const);
        _range = range;
    }

    public static TimestampCheck? Create(TimestampRules r, string kind)
    {
        var range = RangeCheck<TimePoint>.Create(kind, TimePoint.FormatTimestamp, Limit(r.Lt), Limit(r.Lte), Limit(r.Gt), Limit(r.Gte));
        return r.Const is not null || range is not null ? new TimestampCheck(r, kind, range) : null;
    }

    public override void Check(object value, ConstraintWalker walker)
    {
        if (value is not Timestamp timestamp)
        {
            return;
        }

        var point = TimePoint.Of(timestamp);
        if (_const is { } expected && point != expected)
        {
            walker.Report(_kind + ".const", $"value must equal {TimePoint.FormatTimestamp(expected)}");
        }

        _range?.Check(point, walker);
    }

    private static RangeCheck<TimePoint>.Limit Limit(Timestamp? bound) => new(bound is not null, TimePoint.Of(bound));
}
