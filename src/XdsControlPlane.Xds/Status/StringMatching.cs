using System.Text.RegularExpressions;
using Envoy.Type.Matcher.V3;

namespace XdsControlPlane.Xds.Status;

/// <summary>Evaluates an Envoy <c>StringMatcher</c> (a CSDS node id, or a string in node metadata).</summary>
internal static class StringMatching
{
    public static bool Matches(StringMatcher matcher, string value)
    {
        var comparison = matcher.IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return matcher.MatchPatternCase switch
        {
            StringMatcher.MatchPatternOneofCase.Exact => string.Equals(value, matcher.Exact, comparison),
            StringMatcher.MatchPatternOneofCase.Prefix => value.StartsWith(matcher.Prefix, comparison),
            StringMatcher.MatchPatternOneofCase.Suffix => value.EndsWith(matcher.Suffix, comparison),
            StringMatcher.MatchPatternOneofCase.Contains => value.Contains(matcher.Contains, comparison),
            // RE2 and .NET agree on the simple patterns used to pick nodes; the whole string must match, as in Envoy.
            StringMatcher.MatchPatternOneofCase.SafeRegex => Regex.IsMatch(value, $"^(?:{matcher.SafeRegex.Regex})$",
                RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)),
            _ => true,
        };
    }
}
