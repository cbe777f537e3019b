using XdsControlPlane.Model;
using XdsControlPlane.Sources.Documents;

namespace XdsControlPlane.Sources.Mapping;

/// <summary>The parts HTTPRoute and GRPCRoute share: parentRefs, hostnames, backendRefs, header matches, filters.</summary>
internal static class RouteMapper
{
    /// <summary>spec.parentRefs, with the Gateway API defaults (kind Gateway, the route's namespace).</summary>
    public static EquatableArray<ParentRef> ParentRefs(MapContext ctx, MappingNode spec) =>
        [.. ctx.Objects(spec, "parentRefs", "spec").Select(p => new ParentRef(
            ctx.String(p.Node, "kind", p.Path) ?? "Gateway",
            ctx.String(p.Node, "namespace", p.Path) ?? ctx.Object.Namespace,
            ctx.RequiredString(p.Node, "name", p.Path),
            ctx.String(p.Node, "sectionName", p.Path),
            ctx.Int(p.Node, "port", p.Path)))];

    /// <summary>spec.hostnames.</summary>
    public static EquatableArray<string> Hostnames(MapContext ctx, MappingNode spec) => ctx.Strings(spec, "hostnames", "spec");

    /// <summary>A rule's backendRefs, with the defaults (kind Service, the route's namespace, weight 1).</summary>
    public static EquatableArray<BackendRef> BackendRefs(MapContext ctx, MappingNode rule, string path)
    {
        var backends = new List<BackendRef>();
        foreach (var (backend, backendPath) in ctx.Objects(rule, "backendRefs", path))
        {
            if (MapContext.Get(backend, "filters") is SequenceNode { Items.Count: > 0 } filters)
            {
                ctx.Error(filters, NodePath.Key(backendPath, "filters"), "per-backend filters are not supported; put the filters on the rule");
            }

            backends.Add(BackendRef(ctx, backend, backendPath));
        }

        return backends;
    }

    /// <summary>One backend reference (also a mirror target).</summary>
    public static BackendRef BackendRef(MapContext ctx, MappingNode backend, string path) => new(
        ctx.String(backend, "kind", path) ?? "Service",
        ctx.String(backend, "namespace", path) ?? ctx.Object.Namespace,
        ctx.RequiredString(backend, "name", path),
        ctx.Int(backend, "port", path),
        ctx.Int(backend, "weight", path) ?? 1);

    /// <summary>Header (or query parameter) matches, type defaulting to Exact.</summary>
    public static EquatableArray<ValueMatch> ValueMatches(MapContext ctx, MappingNode match, string key, string path) =>
        [.. ctx.Objects(match, key, path).Select(h => new ValueMatch(
            ctx.String(h.Node, "type", h.Path) ?? "Exact",
            ctx.RequiredString(h.Node, "name", h.Path),
            ctx.String(h.Node, "value", h.Path) ?? Missing(ctx, h.Node, h.Path, "value")))];

    /// <summary>A rule's filters; <paramref name="http"/> allows the HTTP-only ones (redirect, rewrite).</summary>
    public static EquatableArray<RouteFilter> Filters(MapContext ctx, MappingNode rule, string path, bool http)
    {
        var filters = new List<RouteFilter>();
        foreach (var (filter, filterPath) in ctx.Objects(rule, "filters", path))
        {
            var type = ctx.RequiredString(filter, "type", filterPath);
            RouteFilter? mapped = type switch
            {
                "RequestHeaderModifier" => Member(ctx, filter, filterPath, "requestHeaderModifier", (m, p) => new RouteFilter(type, RequestHeaders: HeaderModifier(ctx, m, p))),
                "ResponseHeaderModifier" => Member(ctx, filter, filterPath, "responseHeaderModifier", (m, p) => new RouteFilter(type, ResponseHeaders: HeaderModifier(ctx, m, p))),
                "RequestMirror" => Member(ctx, filter, filterPath, "requestMirror", (m, p) => new RouteFilter(type, Mirror: Mirror(ctx, m, p))),
                "RequestRedirect" when http => Member(ctx, filter, filterPath, "requestRedirect", (m, p) => new RouteFilter(type, Redirect: Redirect(ctx, m, p))),
                "URLRewrite" when http => Member(ctx, filter, filterPath, "urlRewrite", (m, p) => new RouteFilter(type, Rewrite: Rewrite(ctx, m, p))),
                "" => null,
                _ => Unsupported(ctx, filter, filterPath, type),
            };
            if (mapped is not null)
            {
                filters.Add(mapped);
            }
        }

        return filters;
    }

    /// <summary>Reports a required field and returns "".</summary>
    public static string Missing(MapContext ctx, MappingNode at, string path, string key)
    {
        ctx.Error(at, NodePath.Key(path, key), "is required");
        return "";
    }

    private static RouteFilter? Member(MapContext ctx, MappingNode filter, string path, string key, Func<MappingNode, string, RouteFilter> map)
    {
        if (ctx.Map(filter, key, path) is { } member)
        {
            return map(member, NodePath.Key(path, key));
        }

        ctx.Error(filter, NodePath.Key(path, key), $"is required for a filter of type {(filter["type"] is ScalarNode s ? s.Text : key)}");
        return null;
    }

    private static RouteFilter? Unsupported(MapContext ctx, MappingNode filter, string path, string type)
    {
        ctx.Error(filter["type"], NodePath.Key(path, "type"), $"filter type '{type}' is not supported here", "UnsupportedValue");
        return null;
    }

    private static HeaderModifier HeaderModifier(MapContext ctx, MappingNode modifier, string path)
    {
        EquatableArray<KeyValuePair<string, string>> Pairs(string key) =>
            [.. ctx.Objects(modifier, key, path).Select(h => new KeyValuePair<string, string>(
                ctx.RequiredString(h.Node, "name", h.Path), ctx.String(h.Node, "value", h.Path) ?? Missing(ctx, h.Node, h.Path, "value")))];

        return new HeaderModifier(Pairs("set"), Pairs("add"), ctx.Strings(modifier, "remove", path));
    }

    private static MirrorFilter Mirror(MapContext ctx, MappingNode mirror, string path)
    {
        var backend = ctx.Map(mirror, "backendRef", path);
        if (backend is null)
        {
            ctx.Error(mirror, NodePath.Key(path, "backendRef"), "is required");
        }

        var percent = ctx.Int(mirror, "percent", path);
        var fraction = ctx.Map(mirror, "fraction", path);
        if (percent is not null && fraction is not null)
        {
            ctx.Error(fraction, NodePath.Key(path, "fraction"), "set percent or fraction, not both");
        }

        double value = percent ?? 100;
        if (fraction is not null)
        {
            var fractionPath = NodePath.Key(path, "fraction");
            var numerator = ctx.RequiredInt(fraction, "numerator", fractionPath) ?? 0;
            var denominator = ctx.Int(fraction, "denominator", fractionPath) ?? 100;
            if (denominator <= 0 || numerator < 0 || numerator > denominator)
            {
                ctx.Error(fraction, fractionPath, $"needs 0 <= numerator <= denominator and denominator > 0, got {numerator}/{denominator}");
            }

            value = denominator > 0 ? 100.0 * numerator / denominator : 0;
        }

        return new MirrorFilter(BackendRef(ctx, backend ?? ObjectMapper.Empty, NodePath.Key(path, "backendRef")), value);
    }

    private static RedirectFilter Redirect(MapContext ctx, MappingNode redirect, string path) => new(
        ctx.String(redirect, "scheme", path),
        ctx.String(redirect, "hostname", path),
        PathModifier(ctx, redirect, path),
        ctx.Int(redirect, "port", path),
        ctx.Int(redirect, "statusCode", path) ?? 302);

    private static RewriteFilter Rewrite(MapContext ctx, MappingNode rewrite, string path) =>
        new(ctx.String(rewrite, "hostname", path), PathModifier(ctx, rewrite, path));

    private static PathModifier? PathModifier(MapContext ctx, MappingNode owner, string ownerPath)
    {
        if (ctx.Map(owner, "path", ownerPath) is not { } modifier)
        {
            return null;
        }

        var path = NodePath.Key(ownerPath, "path");
        var type = ctx.RequiredString(modifier, "type", path);
        var key = type switch { "ReplaceFullPath" => "replaceFullPath", "ReplacePrefixMatch" => "replacePrefixMatch", _ => null };
        return key is null ? new PathModifier(type, "") : new PathModifier(type, ctx.String(modifier, key, path) ?? Missing(ctx, modifier, path, key));
    }
}
