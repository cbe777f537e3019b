using XdsControlPlane.Model;
using XdsControlPlane.Sources.Documents;

namespace XdsControlPlane.Sources.Mapping;

/// <summary>Maps a Gateway API GRPCRoute into the shared route model (method matches in <see cref="RouteMatch.Grpc"/>).</summary>
internal static class GrpcRouteMapper
{
    /// <summary>Maps <c>spec</c> of a GRPCRoute.</summary>
    public static HttpRouteModel Map(MapContext ctx, MappingNode spec, ObjectMeta meta)
    {
        var rules = new List<RouteRule>();
        foreach (var (rule, path) in ctx.Objects(spec, "rules", "spec"))
        {
            if (MapContext.Get(rule, "sessionPersistence") is { } node)
            {
                ctx.Error(node, NodePath.Key(path, "sessionPersistence"), "is not supported; use an XdsPolicy with loadBalancer.hashOn", "UnsupportedValue");
            }

            rules.Add(new RouteRule(
                ctx.String(rule, "name", path),
                [.. ctx.Objects(rule, "matches", path).Select(m => Match(ctx, m.Node, m.Path))],
                RouteMapper.Filters(ctx, rule, path, http: false),
                RouteMapper.BackendRefs(ctx, rule, path),
                null,
                null));
        }

        return new HttpRouteModel(ctx.Object, meta.Generation, meta.CreatedAt, RouteMapper.ParentRefs(ctx, spec), RouteMapper.Hostnames(ctx, spec), rules);
    }

    private static RouteMatch Match(MapContext ctx, MappingNode match, string path)
    {
        GrpcMethodMatch? method = null;
        if (ctx.Map(match, "method", path) is { } m)
        {
            var methodPath = NodePath.Key(path, "method");
            method = new GrpcMethodMatch(ctx.String(m, "type", methodPath) ?? "Exact", ctx.String(m, "service", methodPath), ctx.String(m, "method", methodPath));
        }

        return new RouteMatch(null, RouteMapper.ValueMatches(ctx, match, "headers", path), [], null, method);
    }
}
