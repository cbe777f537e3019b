using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Envoy.Type.Matcher.V3;
using XdsControlPlane.Model.Validation;
using XdsControlPlane.Xds.Transport;

namespace XdsControlPlane.Xds.Status;

/// <summary>
/// Evaluates an Envoy <c>StringMatcher</c> (a CSDS node id, or a string in node metadata). <c>safe_regex</c> is RE2, as
/// in Envoy: it is matched in linear time (<see cref="Re2.CompileLinear"/>), so a pattern such as <c>(a+)+b</c> costs
/// the same as any other, and a pattern RE2 would refuse is refused.
/// </summary>
internal static class StringMatching
{
    /// <summary>Longest <c>safe_regex</c> accepted (RE2 bounds its program size too).</summary>
    public const int MaxPatternLength = 4096;

    // One compiled regex per matcher message of the request being served; gone with the request.
    private static readonly ConditionalWeakTable<RegexMatcher, Regex> s_compiled = [];

    /// <summary>Throws INVALID_ARGUMENT naming <paramref name="field"/> when <paramref name="matcher"/> cannot be evaluated.</summary>
    public static void Validate(StringMatcher matcher, string field)
    {
        switch (matcher.MatchPatternCase)
        {
            case StringMatcher.MatchPatternOneofCase.None:
                throw new GrpcException(GrpcStatusCode.InvalidArgument, $"{field}: needs exact, prefix, suffix, contains or safe_regex");
            case StringMatcher.MatchPatternOneofCase.SafeRegex:
                _ = Compiled(matcher.SafeRegex, $"{field}.safe_regex.regex");
                break;
        }
    }

    public static bool Matches(StringMatcher matcher, string value)
    {
        var comparison = matcher.IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return matcher.MatchPatternCase switch
        {
            StringMatcher.MatchPatternOneofCase.Exact => string.Equals(value, matcher.Exact, comparison),
            StringMatcher.MatchPatternOneofCase.Prefix => value.StartsWith(matcher.Prefix, comparison),
            StringMatcher.MatchPatternOneofCase.Suffix => value.EndsWith(matcher.Suffix, comparison),
            StringMatcher.MatchPatternOneofCase.Contains => value.Contains(matcher.Contains, comparison),
            StringMatcher.MatchPatternOneofCase.SafeRegex => Compiled(matcher.SafeRegex, "safe_regex.regex").IsMatch(value),
            _ => true,
        };
    }

    private static Regex Compiled(RegexMatcher matcher, string field)
    {
        if (s_compiled.TryGetValue(matcher, out var regex))
        {
            return regex;
        }

        if (matcher.Regex.Length > MaxPatternLength)
        {
            throw new GrpcException(GrpcStatusCode.InvalidArgument, $"{field}: longer than {MaxPatternLength} characters");
        }

        try
        {
            // The whole string must match, as in Envoy.
            regex = Re2.CompileLinear($"^(?:{matcher.Regex})$");
        }
        catch (ArgumentException e)
        {
            throw new GrpcException(GrpcStatusCode.InvalidArgument, $"{field}: {e.Message}");
        }

        s_compiled.AddOrUpdate(matcher, regex);
        return regex;
    }
}
