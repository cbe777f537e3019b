using System.Text;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Validate;
using XdsControlPlane.Model.Validation;

namespace XdsControlPlane.Compiler.Validation;

/// <summary>
/// <c>bytes</c> rules: <c>const</c>, <c>len</c>/<c>min_len</c>/<c>max_len</c>, <c>pattern</c> (on the bytes read as
/// UTF-8), prefix/suffix/contains, <c>in</c>/<c>not_in</c> and the well-known <c>ip</c>/<c>ipv4</c>/<c>ipv6</c>
/// (4 or 16 bytes).
/// </summary>
internal sealed class BytesCheck : ValueCheck
{
    private readonly BytesRules _rules;
    private readonly string _kind;
    private readonly Regex? _pattern;
    private readonly HashSet<ByteString>? _in;
    private readonly HashSet<ByteString>? _notIn;

    private BytesCheck(BytesRules rules, string kind)
    {
        _rules = rules;
        _kind = kind;
        _pattern = rules.HasPattern ? Re2.TryCompile(rules.Pattern) : null;
        _in = rules.In.Count > 0 ? [.. rules.In] : null;
        _notIn = rules.NotIn.Count > 0 ? [.. rules.NotIn] : null;
    }

    public static BytesCheck? Create(BytesRules rules, string kind) =>
        rules.HasConst || rules.HasLen || rules.HasMinLen || rules.HasMaxLen || rules.HasPattern || rules.HasPrefix
        || rules.HasSuffix || rules.HasContains || rules.In.Count > 0 || rules.NotIn.Count > 0
        || rules.WellKnownCase != BytesRules.WellKnownOneofCase.None
            ? new BytesCheck(rules, kind)
            : null;

    public override void Check(object value, ConstraintWalker walker)
    {
        if (Unwrap(value) is not ByteString bytes)
        {
            return;
        }

        var r = _rules;
        var span = bytes.Span;
        var length = (ulong)span.Length;
        if (r.HasConst && bytes != r.Const)
        {
            walker.Report(_kind + ".const", "value must equal the configured bytes");
        }

        if (r.HasLen && length != r.Len)
        {
            walker.Report(_kind + ".len", $"value length must be {r.Len} bytes, got {length}");
        }

        if (r.HasMinLen && length < r.MinLen)
        {
            walker.Report(_kind + ".min_len", $"value length must be at least {r.MinLen} bytes, got {length}");
        }

        if (r.HasMaxLen && length > r.MaxLen)
        {
            walker.Report(_kind + ".max_len", $"value length must be at most {r.MaxLen} bytes, got {length}");
        }

        if (_pattern is not null && !_pattern.IsMatch(Encoding.UTF8.GetString(span)))
        {
            walker.Report(_kind + ".pattern", $"value does not match regex pattern \"{r.Pattern}\"");
        }

        if (r.HasPrefix && !span.StartsWith(r.Prefix.Span))
        {
            walker.Report(_kind + ".prefix", "value does not have the configured prefix");
        }

        if (r.HasSuffix && !span.EndsWith(r.Suffix.Span))
        {
            walker.Report(_kind + ".suffix", "value does not have the configured suffix");
        }

        if (r.HasContains && span.IndexOf(r.Contains.Span) < 0)
        {
            walker.Report(_kind + ".contains", "value does not contain the configured bytes");
        }

        if (_in is not null && !_in.Contains(bytes))
        {
            walker.Report(_kind + ".in", "value must be in the configured list");
        }

        if (_notIn is not null && _notIn.Contains(bytes))
        {
            walker.Report(_kind + ".not_in", "value must not be in the configured list");
        }

        if (r.WellKnownCase == BytesRules.WellKnownOneofCase.Ip && r.Ip && length is not (4 or 16))
        {
            walker.Report(_kind + ".ip", "value must be a valid IP address (4 or 16 bytes)");
        }

        if (r.WellKnownCase == BytesRules.WellKnownOneofCase.Ipv4 && r.Ipv4 && length != 4)
        {
            walker.Report(_kind + ".ipv4", "value must be a valid IPv4 address (4 bytes)");
        }

        if (r.WellKnownCase == BytesRules.WellKnownOneofCase.Ipv6 && r.Ipv6 && length != 16)
        {
            walker.Report(_kind + ".ipv6", "value must be a valid IPv6 address (16 bytes)");
        }
    }
}
