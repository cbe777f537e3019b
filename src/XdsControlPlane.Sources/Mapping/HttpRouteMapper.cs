using XdsControlPlane.Model;
using XdsControlPlane.Sources.Documents;

namespace XdsControlPlane.Sources.Mapping;

/// <summary>Maps a Gateway API HTTPRoute, applying the Gateway API defaults.</summary>
internal static class HttpRouteMapper
{
    /// <summary>The match a rule without matches gets: every path.</summary>
    public static readonly RouteMatch MatchAll = new(new PathMatch("PathPrefix", "/"), [], [], null, null);

    /// <summary>Maps <c>spec</c> of an HTTPRoute.</summary>
    public static HttpRouteModel Map(MapContext ctx, MappingNode spec, ObjectMeta meta)
    {
        var rules = new List<RouteRule>();
        foreach (var (rule, path) in ctx.Objects(spec, "rules", "spec"))
        {
            foreach (var unsupported in new[] { "retry", "sessionPersistence" })
            {
                if (MapContext.Get(rule, unsupported) is { } node)
                {
                    ctx.Error(node, NodePath.Key(path, unsupported), $"is not supported; use an XdsPolicy targeting the route", "UnsupportedValue");
                }
            }

            var matches = ctx.Objects(rule, "matches", path).Select(m => Match(ctx, m.Node, m.Path)).ToList();
            var timeouts = ctx.Map(rule, "timeouts", path) ?? ObjectMapper.Empty;
            var timeoutsPath = NodePath.Key(path, "timeouts");
            rules.Add(new RouteRule(
                ctx.String(rule, "name", path),
                matches.Count == 0 ? [MatchAll] : matches,
                RouteMapper.Filters(ctx, rule, path, http: true),
                RouteMapper.BackendRefs(ctx, rule, path),
                ctx.Duration(timeouts, "request", timeoutsPath),
                ctx.Duration(timeouts, "backendRequest", timeoutsPath)));
        }

        return new HttpRouteModel(ctx.Object, meta.Generation, meta.CreatedAt, RouteMapper.ParentRefs(ctx, spec), RouteMapper.Hostnames(ctx, spec), rules);
    }

    private static RouteMatch Match(MapContext ctx, MappingNode match, string path)
    {
        var pathMatch = new PathMatch("PathPrefix", "/");
        if (ctx.Map(match, "path", path) is { } p)
        {
            var pathPath = NodePath.Key(path, "path");
            pathMatch = new PathMatch(ctx.String(p, "type", pathPath) ?? "PathPrefix", ctx.String(p, "value", pathPath) ?? "/");
        }

        return new RouteMatch(
            pathMatch,
            RouteMapper.ValueMatches(ctx, match, "headers", path),
            RouteMapper.ValueMatches(ctx, match, "queryParams", path),
            ctx.String(match, "method", path),
            null);
    }
}
