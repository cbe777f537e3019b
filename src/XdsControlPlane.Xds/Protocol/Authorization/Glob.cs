namespace XdsControlPlane.Xds.Protocol.Authorization;

/// <summary>
/// The patterns of <see cref="AuthorizationRule"/>: <c>*</c> matches any run of characters except <c>/</c>, everything
/// else itself. Linear in practice: each segment is matched on its own, with the classic single-backtrack-point scan.
/// </summary>
internal static class Glob
{
    public static bool Matches(string pattern, string value)
    {
        if (!pattern.Contains('*', StringComparison.Ordinal))
        {
            return pattern == value;
        }

        var patternSegments = pattern.Split('/');
        var valueSegments = value.Split('/');
        if (patternSegments.Length != valueSegments.Length)
        {
            return false;
        }

        for (var i = 0; i < patternSegments.Length; i++)
        {
            if (!Segment(patternSegments[i], valueSegments[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Segment(string pattern, string value)
    {
        int p = 0, v = 0, star = -1, resume = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = v;
            }
            else if (p < pattern.Length && pattern[p] == value[v])
            {
                p++;
                v++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                v = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
