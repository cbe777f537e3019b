using System.Text;
using System.Text.RegularExpressions;
using Validate;
using XdsControlPlane.Model.Validation;

namespace XdsControlPlane.Compiler.Validation;

/// <summary>
/// <c>string</c> rules: lengths in code points and in UTF-8 bytes, <c>const</c>, <c>pattern</c> (RE2, see
/// <see cref="Re2"/>), prefix/suffix/contains/not_contains, <c>in</c>/<c>not_in</c>, the well-known formats and
/// <c>ignore_empty</c> (an empty string skips every other rule).
/// </summary>
internal sealed class StringCheck : ValueCheck
{
    private readonly StringRules _rules;
    private readonly string _kind;
    private readonly Regex? _pattern;
    private readonly HashSet<string>? _in;
    private readonly HashSet<string>? _notIn;
    private readonly Func<string, bool>? _wellKnown;
    private readonly string? _wellKnownRule;
    private readonly string? _wellKnownMessage;
    private readonly bool _countRunes;
    private readonly bool _countBytes;

    private StringCheck(StringRules rules, string kind)
    {
        _rules = rules;
        _kind = kind;
        _pattern = rules.HasPattern ? Re2.TryCompile(rules.Pattern) : null;
        _in = rules.In.Count > 0 ? new HashSet<string>(rules.In, StringComparer.Ordinal) : null;
        _notIn = rules.NotIn.Count > 0 ? new HashSet<string>(rules.NotIn, StringComparer.Ordinal) : null;
        _countRunes = rules.HasLen || rules.HasMinLen || rules.HasMaxLen;
        _countBytes = rules.HasLenBytes || rules.HasMinBytes || rules.HasMaxBytes;
        (_wellKnown, _wellKnownRule, _wellKnownMessage) = WellKnownStrings.For(rules, kind);
    }

    /// <summary>The check, or null when the rules set nothing that can be checked.</summary>
    public static StringCheck? Create(StringRules rules, string kind)
    {
        var check = new StringCheck(rules, kind);
        return check.IsEmpty ? null : check;
    }

    private bool IsEmpty =>
        !_rules.HasConst && !_countRunes && !_countBytes && _pattern is null && !_rules.HasPrefix && !_rules.HasSuffix
        && !_rules.HasContains && !_rules.HasNotContains && _in is null && _notIn is null && _wellKnown is null;

    public override void Check(object value, ConstraintWalker walker)
    {
        if (Unwrap(value) is not string text || (_rules.IgnoreEmpty && text.Length == 0))
        {
            return;
        }

        var r = _rules;
        if (r.HasConst && !string.Equals(text, r.Const, StringComparison.Ordinal))
        {
            walker.Report(_kind + ".const", $"value must equal \"{r.Const}\"");
        }

        if (_countRunes)
        {
            CheckLength(CountRunes(text), "runes", r.HasLen, r.Len, r.HasMinLen, r.MinLen, r.HasMaxLen, r.MaxLen, "len", "min_len", "max_len", walker);
        }

        if (_countBytes)
        {
            CheckLength((ulong)Encoding.UTF8.GetByteCount(text), "bytes", r.HasLenBytes, r.LenBytes, r.HasMinBytes, r.MinBytes, r.HasMaxBytes, r.MaxBytes, "len_bytes", "min_bytes", "max_bytes", walker);
        }

        if (_pattern is not null && !_pattern.IsMatch(text))
        {
            walker.Report(_kind + ".pattern", $"value does not match regex pattern \"{r.Pattern}\"");
        }

        if (r.HasPrefix && !text.StartsWith(r.Prefix, StringComparison.Ordinal))
        {
            walker.Report(_kind + ".prefix", $"value does not have prefix \"{r.Prefix}\"");
        }

        if (r.HasSuffix && !text.EndsWith(r.Suffix, StringComparison.Ordinal))
        {
            walker.Report(_kind + ".suffix", $"value does not have suffix \"{r.Suffix}\"");
        }

        if (r.HasContains && !text.Contains(r.Contains, StringComparison.Ordinal))
        {
            walker.Report(_kind + ".contains", $"value does not contain substring \"{r.Contains}\"");
        }

        if (r.HasNotContains && text.Contains(r.NotContains, StringComparison.Ordinal))
        {
            walker.Report(_kind + ".not_contains", $"value contains substring \"{r.NotContains}\"");
        }

        if (_in is not null && !_in.Contains(text))
        {
            walker.Report(_kind + ".in", $"value must be in list [{string.Join(", ", r.In.Select(s => $"\"{s}\""))}]");
        }

        if (_notIn is not null && _notIn.Contains(text))
        {
            walker.Report(_kind + ".not_in", $"value must not be in list [{string.Join(", ", r.NotIn.Select(s => $"\"{s}\""))}]");
        }

        if (_wellKnown is not null && !_wellKnown(text))
        {
            walker.Report(_wellKnownRule!, _wellKnownMessage!);
        }
    }

    private void CheckLength(
        ulong length, string unit, bool hasLen, ulong len, bool hasMin, ulong min, bool hasMax, ulong max,
        string lenName, string minName, string maxName, ConstraintWalker walker)
    {
        if (hasLen && length != len)
        {
            walker.Report($"{_kind}.{lenName}", $"value length must be {len} {unit}, got {length}");
        }

        if (hasMin && length < min)
        {
            walker.Report($"{_kind}.{minName}", $"value length must be at least {min} {unit}, got {length}");
        }

        if (hasMax && length > max)
        {
            walker.Report($"{_kind}.{maxName}", $"value length must be at most {max} {unit}, got {length}");
        }
    }

    /// <summary>Unicode code points: UTF-16 units, a surrogate pair counting once.</summary>
    private static ulong CountRunes(string text)
    {
        var count = text.Length;
        for (var i = 0; i + 1 < text.Length; i++)
        {
            if (char.IsSurrogatePair(text[i], text[i + 1]))
            {
                count--;
                i++;
            }
        }

        return (ulong)count;
    }
}
