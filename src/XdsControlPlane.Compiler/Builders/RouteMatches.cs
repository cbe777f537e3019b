using Envoy.Config.Route.V3;
using Envoy.Type.Matcher.V3;
using XdsControlPlane.Compiler.Processing;
using XdsControlPlane.Model;
using EnvoyRouteMatch = Envoy.Config.Route.V3.RouteMatch;

namespace XdsControlPlane.Compiler.Builders;

/// <summary>Builds Envoy route matches.</summary>
internal static class RouteMatches
{
    /// <summary>
    /// The Envoy match of <paramref name="key"/>. Gateway API prefixes match whole path segments: Envoy's
    /// <c>path_separated_prefix</c> does exactly that, but proxyless gRPC clients only know <c>prefix</c>
    /// (gRPC paths are always <c>/service/method</c>, so the difference does not arise there).
    /// </summary>
    public static EnvoyRouteMatch RouteMatch(MatchKey key, bool proxyless)
    {
        var match = new EnvoyRouteMatch();
        switch (key.PathType)
        {
            case MatchKey.Exact:
                match.Path = key.Path;
                break;
            case MatchKey.Regex:
                match.SafeRegex = new RegexMatcher { Regex = key.Path };
                break;
            case var _ when proxyless || key.Path == "/" || key.Path.EndsWith('/'):
                match.Prefix = key.Path;
                break;
            default:
                match.PathSeparatedPrefix = key.Path;
                break;
        }

        if (key.Method is { } method && !proxyless)
        {
            match.Headers.Add(HeaderMatcher(new ValueMatch(MatchKey.Exact, ":method", method)));
        }

        match.Headers.AddRange(key.Headers.Select(HeaderMatcher));
        match.QueryParameters.AddRange(key.QueryParams.Select(QueryParameterMatcher));
        return match;
    }

    /// <summary>A header match by exact value or RE2 pattern.</summary>
    public static HeaderMatcher HeaderMatcher(ValueMatch match) => new() { Name = match.Name, StringMatch = StringMatcher(match) };

    /// <summary>A query parameter match by exact value or RE2 pattern.</summary>
    public static QueryParameterMatcher QueryParameterMatcher(ValueMatch match) => new() { Name = match.Name, StringMatch = StringMatcher(match) };

    /// <summary>Exact or RE2 string match.</summary>
    public static StringMatcher StringMatcher(ValueMatch match) => match.Type == MatchKey.Regex
        ? new StringMatcher { SafeRegex = new RegexMatcher { Regex = match.Value } }
        : new StringMatcher { Exact = match.Value };
}
