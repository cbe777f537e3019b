namespace XdsControlPlane.Compiler.Validation;

/// <summary>
/// <c>lt</c>/<c>lte</c>/<c>gt</c>/<c>gte</c> for any ordered value, with protoc-gen-validate's semantics: one bound
/// alone is a half line; a lower and an upper bound with upper &gt; lower is the range between them; with
/// upper ≤ lower it is the range between them that is excluded ("the range is reversed").
/// </summary>
internal sealed class RangeCheck<T>
    where T : IComparable<T>
{
    private readonly Bound? _upper;
    private readonly Bound? _lower;
    private readonly bool _inside;
    private readonly string? _rangeRule;
    private readonly string? _rangeMessage;
    private readonly Func<T, string> _format;

    private RangeCheck(string kind, Bound? upper, Bound? lower, Func<T, string> format)
    {
        _upper = upper;
        _lower = lower;
        _format = format;
        if (upper is null || lower is null)
        {
            return;
        }

        _inside = upper.Value.CompareTo(lower.Value) > 0;
        if (_inside)
        {
            _rangeMessage = $"value must be inside range {(lower.Inclusive ? '[' : '(')}{format(lower.Value)}, {format(upper.Value)}{(upper.Inclusive ? ']' : ')')}";
        }
        else
        {
            // Excluded: [lt, gt], (lte, gt], [lt, gte), (lte, gte).
            _rangeRule = kind + ".range";
            _rangeMessage = $"value must be outside range {(upper.Inclusive ? '(' : '[')}{format(upper.Value)}, {format(lower.Value)}{(lower.Inclusive ? ')' : ']')}";
        }
    }

    /// <summary>The range check for the bounds set, or null when none is.</summary>
    public static RangeCheck<T>? Create(string kind, Func<T, string> format, Limit lt, Limit lte, Limit gt, Limit gte)
    {
        var upper = lt.IsSet ? new Bound(lt.Value, false, kind + ".lt", $"value must be less than {format(lt.Value)}")
            : lte.IsSet ? new Bound(lte.Value, true, kind + ".lte", $"value must be less than or equal to {format(lte.Value)}")
            : null;
        var lower = gt.IsSet ? new Bound(gt.Value, false, kind + ".gt", $"value must be greater than {format(gt.Value)}")
            : gte.IsSet ? new Bound(gte.Value, true, kind + ".gte", $"value must be greater than or equal to {format(gte.Value)}")
            : null;
        return upper is null && lower is null ? null : new RangeCheck<T>(kind, upper, lower, format);
    }

    public void Check(T value, ConstraintWalker walker)
    {
        var aboveUpper = _upper is not null && _upper.IsBroken(value, upper: true);
        var belowLower = _lower is not null && _lower.IsBroken(value, upper: false);
        if (_upper is null || _lower is null)
        {
            if (aboveUpper || belowLower)
            {
                var bound = aboveUpper ? _upper! : _lower!;
                walker.Report(bound.Rule, $"{bound.Message}, got {_format(value)}");
            }
        }
        else if (_inside && (aboveUpper || belowLower))
        {
            walker.Report(belowLower ? _lower.Rule : _upper.Rule, $"{_rangeMessage}, got {_format(value)}");
        }
        else if (!_inside && aboveUpper && belowLower)
        {
            walker.Report(_rangeRule!, $"{_rangeMessage}, got {_format(value)}");
        }
    }

    /// <summary>One optional bound as read from the rules (proto2 presence, or a non-null message).</summary>
    public readonly record struct Limit(bool IsSet, T Value);

    private sealed record Bound(T Value, bool Inclusive, string Rule, string Message)
    {
        /// <summary>Whether <paramref name="value"/> lies beyond this bound (above an upper one, below a lower one).</summary>
        public bool IsBroken(T value, bool upper)
        {
            var order = value.CompareTo(Value);
            return upper ? (Inclusive ? order > 0 : order >= 0) : (Inclusive ? order < 0 : order <= 0);
        }
    }
}
