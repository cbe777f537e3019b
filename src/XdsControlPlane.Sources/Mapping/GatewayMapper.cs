using XdsControlPlane.Model;
using XdsControlPlane.Sources.Documents;

namespace XdsControlPlane.Sources.Mapping;

/// <summary>Maps a Gateway API Gateway: its listeners, their TLS certificates and which routes may attach.</summary>
internal static class GatewayMapper
{
    /// <summary>Maps <c>spec</c> of a Gateway.</summary>
    public static GatewayModel Map(MapContext ctx, MappingNode spec, ObjectMeta meta)
    {
        var listeners = new List<GatewayListener>();
        foreach (var (listener, path) in ctx.Objects(spec, "listeners", "spec"))
        {
            var (from, labels) = AllowedNamespaces(ctx, listener, path);
            listeners.Add(new GatewayListener(
                ctx.RequiredString(listener, "name", path),
                ctx.String(listener, "hostname", path),
                ctx.RequiredInt(listener, "port", path) ?? 0,
                ctx.RequiredString(listener, "protocol", path),
                CertificateRefs(ctx, listener, path),
                from,
                labels,
                AllowedKinds(ctx, listener, path)));
        }

        return new GatewayModel(ctx.Object, meta.Generation, ctx.RequiredString(spec, "gatewayClassName", "spec"), listeners, ParametersRef(ctx, spec));
    }

    // spec.infrastructure.parametersRef (LocalParametersReference: group, kind and name, in the Gateway's namespace).
    private static ObjectRef? ParametersRef(MapContext ctx, MappingNode spec)
    {
        if (ctx.Map(spec, "infrastructure", "spec") is not { } infrastructure
            || ctx.Map(infrastructure, "parametersRef", "spec.infrastructure") is not { } reference)
        {
            return null;
        }

        const string Path = "spec.infrastructure.parametersRef";
        var group = ctx.String(reference, "group", Path) ?? "";
        var kind = ctx.RequiredString(reference, "kind", Path);
        return new ObjectRef(group.Length == 0 ? kind : $"{group}/{kind}", ctx.Object.Namespace, ctx.RequiredString(reference, "name", Path));
    }

    private static EquatableArray<ObjectRef> CertificateRefs(MapContext ctx, MappingNode listener, string path)
    {
        if (ctx.Map(listener, "tls", path) is not { } tls)
        {
            return [];
        }

        var tlsPath = NodePath.Key(path, "tls");
        if (ctx.String(tls, "mode", tlsPath) is { } mode and not "Terminate")
        {
            ctx.Error(tls["mode"], NodePath.Key(tlsPath, "mode"), $"'{mode}' is not supported: only Terminate");
        }

        var refs = new List<ObjectRef>();
        foreach (var (reference, refPath) in ctx.Objects(tls, "certificateRefs", tlsPath))
        {
            // A reference of another group or kind is that listener's problem (ResolvedRefs=False, InvalidCertificateRef,
            // reported by the compiler), not the Gateway's: the kind is kept, qualified by its group.
            var kind = ctx.String(reference, "kind", refPath) ?? "Secret";
            var group = ctx.String(reference, "group", refPath) ?? "";
            refs.Add(new ObjectRef(group.Length == 0 ? kind : $"{group}/{kind}", ctx.String(reference, "namespace", refPath) ?? ctx.Object.Namespace,
                ctx.RequiredString(reference, "name", refPath)));
        }

        return refs;
    }

    private static (string From, EquatableArray<KeyValuePair<string, string>> Labels) AllowedNamespaces(MapContext ctx, MappingNode listener, string path)
    {
        var allowed = ctx.Map(listener, "allowedRoutes", path) ?? ObjectMapper.Empty;
        var allowedPath = NodePath.Key(path, "allowedRoutes");
        var namespaces = ctx.Map(allowed, "namespaces", allowedPath) ?? ObjectMapper.Empty;
        var namespacesPath = NodePath.Key(allowedPath, "namespaces");
        var from = ctx.String(namespaces, "from", namespacesPath) ?? "Same";
        var selector = ctx.Map(namespaces, "selector", namespacesPath) ?? ObjectMapper.Empty;
        var selectorPath = NodePath.Key(namespacesPath, "selector");
        if (MapContext.Get(selector, "matchExpressions") is { } expressions)
        {
            ctx.Error(expressions, NodePath.Key(selectorPath, "matchExpressions"), "is not supported: select namespaces with matchLabels");
        }

        return (from, ctx.StringMap(selector, "matchLabels", selectorPath));
    }

    private static EquatableArray<string> AllowedKinds(MapContext ctx, MappingNode listener, string path)
    {
        var allowed = ctx.Map(listener, "allowedRoutes", path) ?? ObjectMapper.Empty;
        var kinds = new List<string>();
        foreach (var (kind, kindPath) in ctx.Objects(allowed, "kinds", NodePath.Key(path, "allowedRoutes")))
        {
            kinds.Add(ctx.RequiredString(kind, "kind", kindPath));
        }

        return kinds;
    }
}
