using System.Globalization;
using System.Numerics;
using Validate;

namespace XdsControlPlane.Compiler.Validation;

/// <summary>
/// <c>const</c>, <c>lt</c>/<c>lte</c>/<c>gt</c>/<c>gte</c>, <c>in</c> and <c>not_in</c> for one numeric type. The same
/// rules apply to the value inside a wrapper (<c>google.protobuf.UInt32Value</c>…) when the wrapper is set.
/// </summary>
internal sealed class NumericCheck<T> : ValueCheck
    where T : struct, INumber<T>
{
    private readonly string _kind;
    private readonly bool _hasConst;
    private readonly T _const;
    private readonly RangeCheck<T>? _range;
    private readonly HashSet<T>? _in;
    private readonly HashSet<T>? _notIn;

    private NumericCheck(string kind, bool hasConst, T @const, RangeCheck<T>? range, IList<T> @in, IList<T> notIn)
    {
        _kind = kind;
        _hasConst = hasConst;
        _const = @const;
        _range = range;
        _in = @in.Count > 0 ? [.. @in] : null;
        _notIn = notIn.Count > 0 ? [.. notIn] : null;
    }

    public static NumericCheck<T>? Create(
        string kind,
        (bool IsSet, T Value) @const,
        (bool IsSet, T Value) lt,
        (bool IsSet, T Value) lte,
        (bool IsSet, T Value) gt,
        (bool IsSet, T Value) gte,
        IList<T> @in,
        IList<T> notIn)
    {
        var range = RangeCheck<T>.Create(kind, Format, new(lt.IsSet, lt.Value), new(lte.IsSet, lte.Value), new(gt.IsSet, gt.Value), new(gte.IsSet, gte.Value));
        return @const.IsSet || range is not null || @in.Count > 0 || notIn.Count > 0
            ? new NumericCheck<T>(kind, @const.IsSet, @const.Value, range, @in, notIn)
            : null;
    }

    public override void Check(object value, ConstraintWalker walker)
    {
        if (Unwrap(value) is not T number)
        {
            return;
        }

        if (_hasConst && number != _const)
        {
            walker.Report(_kind + ".const", $"value must equal {Format(_const)}, got {Format(number)}");
        }

        _range?.Check(number, walker);
        if (_in is not null && !_in.Contains(number))
        {
            walker.Report(_kind + ".in", $"value must be in list [{string.Join(", ", _in.Select(Format))}], got {Format(number)}");
        }

        if (_notIn is not null && _notIn.Contains(number))
        {
            walker.Report(_kind + ".not_in", $"value must not be in list [{string.Join(", ", _notIn.Select(Format))}], got {Format(number)}");
        }
    }

    private static string Format(T value) => value.ToString(null, CultureInfo.InvariantCulture);
}

/// <summary>Builds the <see cref="NumericCheck{T}"/> for whichever numeric rule family a field's rules use.</summary>
internal static class NumericChecks
{
    /// <summary>The check, or null when <paramref name="rules"/> are not numeric or set nothing.</summary>
    public static ValueCheck? Create(FieldRules rules, string kind) => rules.TypeCase switch
    {
        FieldRules.TypeOneofCase.Float when rules.Float is var r =>
            NumericCheck<float>.Create(kind, (r.HasConst, r.Const), (r.HasLt, r.Lt), (r.HasLte, r.Lte), (r.HasGt, r.Gt), (r.HasGte, r.Gte), r.In, r.NotIn),
        FieldRules.TypeOneofCase.Double when rules.Double is var r =>
            NumericCheck<double>.Create(kind, (r.HasConst, r.Const), (r.HasLt, r.Lt), (r.HasLte, r.Lte), (r.HasGt, r.Gt), (r.HasGte, r.Gte), r.In, r.NotIn),
        FieldRules.TypeOneofCase.Int32 when rules.Int32 is var r =>
            NumericCheck<int>.Create(kind, (r.HasConst, r.Const), (r.HasLt, r.Lt), (r.HasLte, r.Lte), (r.HasGt, r.Gt), (r.HasGte, r.Gte), r.In, r.NotIn),
        FieldRules.TypeOneofCase.Int64 when rules.Int64 is var r =>
            NumericCheck<long>.Create(kind, (r.HasConst, r.Const), (r.HasLt, r.Lt), (r.HasLte, r.Lte), (r.HasGt, r.Gt), (r.HasGte, r.Gte), r.In, r.NotIn),
        FieldRules.TypeOneofCase.Uint32 when rules.Uint32 is var r =>
            NumericCheck<uint>.Create(kind, (r.HasConst, r.Const), (r.HasLt, r.Lt), (r.HasLte, r.Lte), (r.HasGt, r.Gt), (r.HasGte, r.Gte), r.In, r.NotIn),
        FieldRules.TypeOneofCase.Uint64 when rules.Uint64 is var r =>
            NumericCheck<ulong>.Create(kind, (r.HasConst, r.Const), (r.HasLt, r.Lt), (r.HasLte, r.Lte), (r.HasGt, r.Gt), (r.HasGte, r.Gte), r.In, r.NotIn),
        FieldRules.TypeOneofCase.Sint32 when rules.Sint32 is var r =>
            NumericCheck<int>.Create(kind, (r.HasConst, r.Const), (r.HasLt, r.Lt), (r.HasLte, r.Lte), (r.HasGt, r.Gt), (r.HasGte, r.Gte), r.In, r.NotIn),
        FieldRules.TypeOneofCase.Sint64 when rules.Sint64 is var r =>
            NumericCheck<long>.Create(kind, (r.HasConst, r.Const), (r.HasLt, r.Lt), (r.HasLte, r.Lte), (r.HasGt, r.Gt), (r.HasGte, r.Gte), r.In, r.NotIn),
        FieldRules.TypeOneofCase.Fixed32 when rules.Fixed32 is var r =>
            NumericCheck<uint>.Create(kind, (r.HasConst, r.Const), (r.HasLt, r.Lt), (r.HasLte, r.Lte), (r.HasGt, r.Gt), (r.HasGte, r.Gte), r.In, r.NotIn),
        FieldRules.TypeOneofCase.Fixed64 when rules.Fixed64 is var r =>
            NumericCheck<ulong>.Create(kind, (r.HasConst, r.Const), (r.HasLt, r.Lt), (r.HasLte, r.Lte), (r.HasGt, r.Gt), (r.HasGte, r.Gte), r.In, r.NotIn),
        FieldRules.TypeOneofCase.Sfixed32 when rules.Sfixed32 is var r =>
            NumericCheck<int>.Create(kind, (r.HasConst, r.Const), (r.HasLt, r.Lt), (r.HasLte, r.Lte), (r.HasGt, r.Gt), (r.HasGte, r.Gte), r.In, r.NotIn),
        FieldRules.TypeOneofCase.Sfixed64 when rules.Sfixed64 is var r =>
            NumericCheck<long>.Create(kind, (r.HasConst, r.Const), (r.HasLt, r.Lt), (r.HasLte, r.Lte), (r.HasGt, r.Gt), (r.HasGte, r.Gte), r.In, r.NotIn),
        _ => null,
    };
}
