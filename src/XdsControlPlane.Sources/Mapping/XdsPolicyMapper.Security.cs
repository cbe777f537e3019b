using XdsControlPlane.Model;
using XdsControlPlane.Model.Policies;
using XdsControlPlane.Sources.Documents;

namespace XdsControlPlane.Sources.Mapping;

/// <summary>The request-facing sections of an XdsPolicy: rate limit, CORS, JWT, external authorization, RBAC, faults, upstream TLS.</summary>
internal static partial class XdsPolicyMapper
{
    private static RateLimitPolicy RateLimit(MapContext ctx, MappingNode m, string path)
    {
        ctx.OnlyKnown(m, path, "requests", "per", "burst");
        var per = ctx.Duration(m, "per", path);
        if (per is null && MapContext.Get(m, "per") is null)
        {
            ctx.Error(m, NodePath.Key(path, "per"), "is required");
        }

        return new RateLimitPolicy(ctx.RequiredInt(m, "requests", path) ?? 0, per ?? TimeSpan.Zero, ctx.Int(m, "burst", path));
    }

    private static CorsPolicy Cors(MapContext ctx, MappingNode m, string path)
    {
        ctx.OnlyKnown(m, path, "allowOrigins", "allowMethods", "allowHeaders", "exposeHeaders", "maxAge", "allowCredentials");
        return new CorsPolicy(
            ctx.Strings(m, "allowOrigins", path),
            ctx.Strings(m, "allowMethods", path),
            ctx.Strings(m, "allowHeaders", path),
            ctx.Strings(m, "exposeHeaders", path),
            ctx.Duration(m, "maxAge", path),
            ctx.Bool(m, "allowCredentials", path) ?? false);
    }

    private static JwtPolicy Jwt(MapContext ctx, MappingNode m, string path)
    {
        ctx.OnlyKnown(m, path, "required", "providers");
        var providers = new List<JwtProvider>();
        foreach (var (provider, providerPath) in ctx.Objects(m, "providers", path))
        {
            ctx.OnlyKnown(provider, providerPath, "name", "issuer", "audiences", "jwks", "forwardPayloadHeader");
            var jwks = Child(ctx, provider, "jwks", providerPath, "inline", "uri", "backendRef");
            var jwksPath = NodePath.Key(providerPath, "jwks");
            providers.Add(new JwtProvider(
                ctx.RequiredString(provider, "name", providerPath),
                ctx.RequiredString(provider, "issuer", providerPath),
                ctx.Strings(provider, "audiences", providerPath),
                ctx.String(jwks, "inline", jwksPath),
                ctx.String(jwks, "uri", jwksPath),
                ServiceRef(ctx, jwks, "backendRef", jwksPath, required: false),
                ctx.String(provider, "forwardPayloadHeader", providerPath)));
        }

        return new JwtPolicy(providers, ctx.Bool(m, "required", path) ?? true);
    }

    private static ExtAuthzPolicy ExtAuthz(MapContext ctx, MappingNode m, string path)
    {
        ctx.OnlyKnown(m, path, "backendRef", "timeout", "failOpen");
        return new ExtAuthzPolicy(
            ServiceRef(ctx, m, "backendRef", path, required: true) ?? new BackendRef("Service", "", "", null, 1),
            ctx.Duration(m, "timeout", path),
            ctx.Bool(m, "failOpen", path) ?? false);
    }

    private static RbacPolicy Rbac(MapContext ctx, MappingNode m, string path)
    {
        ctx.OnlyKnown(m, path, "action", "rules");
        var rules = new List<RbacRule>();
        foreach (var (rule, rulePath) in ctx.Objects(m, "rules", path))
        {
            ctx.OnlyKnown(rule, rulePath, "principals", "headers", "sourceCIDRs");
            var headers = new List<ValueMatch>();
            foreach (var (header, headerPath) in ctx.Objects(rule, "headers", rulePath))
            {
                ctx.OnlyKnown(header, headerPath, "name", "value");
                headers.Add(new ValueMatch("Exact", ctx.RequiredString(header, "name", headerPath), ctx.String(header, "value", headerPath) ?? RouteMapper.Missing(ctx, header, headerPath, "value")));
            }

            rules.Add(new RbacRule(ctx.Strings(rule, "principals", rulePath), headers, ctx.Strings(rule, "sourceCIDRs", rulePath)));
        }

        return new RbacPolicy(ctx.RequiredString(m, "action", path), rules);
    }

    private static FaultPolicy Fault(MapContext ctx, MappingNode m, string path)
    {
        ctx.OnlyKnown(m, path, "delay", "abort");
        var delay = Child(ctx, m, "delay", path, "percent", "fixedDelay");
        var delayPath = NodePath.Key(path, "delay");
        var abort = Child(ctx, m, "abort", path, "percent", "httpStatus", "grpcStatus");
        var abortPath = NodePath.Key(path, "abort");
        return new FaultPolicy(
            ctx.Double(delay, "percent", delayPath),
            ctx.Duration(delay, "fixedDelay", delayPath),
            ctx.Double(abort, "percent", abortPath),
            ctx.Int(abort, "httpStatus", abortPath),
            ctx.Int(abort, "grpcStatus", abortPath));
    }

    private static UpstreamTlsPolicy Tls(MapContext ctx, MappingNode m, string path)
    {
        ctx.OnlyKnown(m, path, "mode", "caSecretRef", "clientCertificateSecretRef", "sni", "subjectAltNames");
        return new UpstreamTlsPolicy(
            ctx.RequiredString(m, "mode", path),
            SecretRef(ctx, m, "caSecretRef", path),
            SecretRef(ctx, m, "clientCertificateSecretRef", path),
            ctx.String(m, "sni", path),
            ctx.Strings(m, "subjectAltNames", path));
    }

    private static ObjectRef? SecretRef(MapContext ctx, MappingNode owner, string key, string ownerPath)
    {
        if (ctx.Map(owner, key, ownerPath) is not { } reference)
        {
            return null;
        }

        var path = NodePath.Key(ownerPath, key);
        ctx.OnlyKnown(reference, path, "name", "namespace");
        return new ObjectRef("Secret", ctx.String(reference, "namespace", path) ?? ctx.Object.Namespace, ctx.RequiredString(reference, "name", path));
    }

    private static BackendRef? ServiceRef(MapContext ctx, MappingNode owner, string key, string ownerPath, bool required)
    {
        var path = NodePath.Key(ownerPath, key);
        if (ctx.Map(owner, key, ownerPath) is not { } reference)
        {
            if (required && MapContext.Get(owner, key) is null)
            {
                ctx.Error(owner, path, "is required");
            }

            return null;
        }

        ctx.OnlyKnown(reference, path, "name", "namespace", "port");
        return new BackendRef("Service", ctx.String(reference, "namespace", path) ?? ctx.Object.Namespace, ctx.RequiredString(reference, "name", path), ctx.Int(reference, "port", path), 1);
    }
}
