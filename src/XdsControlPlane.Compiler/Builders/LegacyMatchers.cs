using Envoy.Config.Route.V3;
using Envoy.Type.Matcher.V3;

namespace XdsControlPlane.Compiler.Builders;

/// <summary>Route matchers in the older forms some proxyless client releases require (see <c>Encodings/</c>).</summary>
internal static class LegacyMatchers
{
    /// <summary>
    /// <paramref name="matcher"/> in the older one-of form (<c>exact_match</c>, <c>safe_regex_match</c>, <c>prefix_match</c>,
    /// <c>suffix_match</c>, <c>contains_match</c>) that gRPC releases before gRFC A63 require; a case-insensitive match
    /// becomes the equivalent RE2 pattern. Null when it has no such form (not a <c>string_match</c>).
    /// </summary>
    public static HeaderMatcher? OneOfForm(HeaderMatcher matcher)
    {
        // The older forms are deprecated in the Envoy API (hence CS0612) but are the only ones those releases know.
#pragma warning disable CS0612
        if (matcher.HeaderMatchSpecifierCase != HeaderMatcher.HeaderMatchSpecifierOneofCase.StringMatch)
        {
            return null;
        }

        var legacy = new HeaderMatcher { Name = matcher.Name, InvertMatch = matcher.InvertMatch, TreatMissingHeaderAsEmpty = matcher.TreatMissingHeaderAsEmpty };
        var match = matcher.StringMatch;
        if (match.IgnoreCase && match.MatchPatternCase is not (StringMatcher.MatchPatternOneofCase.SafeRegex or StringMatcher.MatchPatternOneofCase.None))
        {
            var value = Re2.Escape(match.MatchPatternCase switch
            {
                StringMatcher.MatchPatternOneofCase.Exact => match.Exact,
                StringMatcher.MatchPatternOneofCase.Prefix => match.Prefix,
                StringMatcher.MatchPatternOneofCase.Suffix => match.Suffix,
                _ => match.Contains,
            });
            var pattern = match.MatchPatternCase switch
            {
                StringMatcher.MatchPatternOneofCase.Exact => value,
                StringMatcher.MatchPatternOneofCase.Prefix => value + ".*",
                StringMatcher.MatchPatternOneofCase.Suffix => ".*" + value,
                _ => ".*" + value + ".*",
            };
            legacy.SafeRegexMatch = new RegexMatcher { Regex = "(?i)" + pattern };
            return legacy;
        }

        switch (match.MatchPatternCase)
        {
            case StringMatcher.MatchPatternOneofCase.Exact:
                legacy.ExactMatch = match.Exact;
                break;
            case StringMatcher.MatchPatternOneofCase.Prefix:
                legacy.PrefixMatch = match.Prefix;
                break;
            case StringMatcher.MatchPatternOneofCase.Suffix:
                legacy.SuffixMatch = match.Suffix;
                break;
            case StringMatcher.MatchPatternOneofCase.Contains:
                legacy.ContainsMatch = match.Contains;
                break;
            case StringMatcher.MatchPatternOneofCase.SafeRegex:
                legacy.SafeRegexMatch = match.SafeRegex.Clone();
                break;
            default:
                return null;
        }
#pragma warning restore CS0612

        return legacy;
    }
}
