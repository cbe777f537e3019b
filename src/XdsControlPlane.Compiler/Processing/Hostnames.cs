namespace XdsControlPlane.Compiler.Processing;

/// <summary>Gateway API hostname intersection; <c>*.example.com</c> matches one or more leading labels.</summary>
internal static class Hostnames
{
    /// <summary>Any host.</summary>
    public const string Any = "*";

    /// <summary>
    /// The hostnames a route serves through a listener: the route's hostnames that the listener's admits
    /// (the more specific of each matching pair), sorted; <see cref="Any"/> when neither restricts; empty when
    /// none intersect.
    /// </summary>
    public static IReadOnlyList<string> Intersect(string? listener, IReadOnlyList<string> route)
    {
        if (string.IsNullOrEmpty(listener))
        {
            return route.Count == 0 ? [Any] : [.. route.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        }

        if (route.Count == 0)
        {
            return [listener];
        }

        var result = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var host in route)
        {
            if (string.Equals(host, listener, StringComparison.OrdinalIgnoreCase) || Covers(listener, host))
            {
                result.Add(host);
            }
            else if (Covers(host, listener))
            {
                result.Add(listener);
            }
        }

        return [.. result];
    }

    /// <summary>True when wildcard <paramref name="pattern"/> matches <paramref name="host"/> (itself possibly a narrower wildcard).</summary>
    public static bool Covers(string pattern, string host)
    {
        if (!pattern.StartsWith("*.", StringComparison.Ordinal))
        {
            return false;
        }

        var suffix = pattern[1..];
        var name = host.StartsWith("*.", StringComparison.Ordinal) ? host[1..] : host;
        return name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase);
    }
}
