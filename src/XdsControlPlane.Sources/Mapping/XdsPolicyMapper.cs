using XdsControlPlane.Model;
using XdsControlPlane.Model.Policies;
using XdsControlPlane.Sources.Documents;

namespace XdsControlPlane.Sources.Mapping;

/// <summary>
/// Maps our own kind, <c>xds.controlplane.io/v1alpha1 XdsPolicy</c>, to a <see cref="PolicyModel"/>. Unlike the
/// Kubernetes kinds, every object under <c>spec</c> is strict: an unknown field (a typo like <c>retires</c>) is an error.
/// Ranges and combinations are checked afterwards by the model's validators.
/// </summary>
internal static partial class XdsPolicyMapper
{
    private static readonly string[] _specFields =
    [
        "targetRef", "retry", "timeout", "circuitBreaker", "outlierDetection", "healthCheck", "loadBalancer", "connection",
        "rateLimit", "cors", "jwt", "extAuthz", "rbac", "fault", "tls",
    ];

    /// <summary>Maps the whole object.</summary>
    public static PolicyModel Map(MapContext ctx, MappingNode obj, ObjectMeta meta)
    {
        var spec = ctx.Map(obj, "spec", "");
        if (spec is null)
        {
            ctx.Error(obj, "spec", "is required");
            spec = ObjectMapper.Empty;
        }

        ctx.OnlyKnown(spec, "spec", _specFields);
        var policy = new PolicySpec
        {
            Retry = Section(ctx, spec, "retry", Retry),
            Timeout = Section(ctx, spec, "timeout", Timeout),
            CircuitBreaker = Section(ctx, spec, "circuitBreaker", CircuitBreaker),
            OutlierDetection = Section(ctx, spec, "outlierDetection", OutlierDetection),
            HealthCheck = Section(ctx, spec, "healthCheck", HealthCheck),
            LoadBalancer = Section(ctx, spec, "loadBalancer", LoadBalancer),
            Connection = Section(ctx, spec, "connection", Connection),
            RateLimit = Section(ctx, spec, "rateLimit", RateLimit),
            Cors = Section(ctx, spec, "cors", Cors),
            Jwt = Section(ctx, spec, "jwt", Jwt),
            ExtAuthz = Section(ctx, spec, "extAuthz", ExtAuthz),
            Rbac = Section(ctx, spec, "rbac", Rbac),
            Fault = Section(ctx, spec, "fault", Fault),
            Tls = Section(ctx, spec, "tls", Tls),
        };
        return new PolicyModel(ctx.Object, meta.Generation, Target(ctx, spec), policy);
    }

    private static PolicyTarget Target(MapContext ctx, MappingNode spec)
    {
        var target = ctx.Map(spec, "targetRef", "spec");
        if (target is null)
        {
            ctx.Error(spec.Line == 0 ? null : spec, "spec.targetRef", "is required");
            return new PolicyTarget("", "", "", null);
        }

        const string path = "spec.targetRef";
        ctx.OnlyKnown(target, path, "group", "kind", "name", "namespace", "sectionName");
        return new PolicyTarget(
            ctx.RequiredString(target, "kind", path),
            ctx.String(target, "namespace", path) ?? ctx.Object.Namespace,
            ctx.RequiredString(target, "name", path),
            ctx.String(target, "sectionName", path));
    }

    private static T? Section<T>(MapContext ctx, MappingNode spec, string key, Func<MapContext, MappingNode, string, T> map)
        where T : class => ctx.Map(spec, key, "spec") is { } section ? map(ctx, section, NodePath.Key("spec", key)) : null;

    private static MappingNode Child(MapContext ctx, MappingNode map, string key, string path, params string[] known)
    {
        var child = ctx.Map(map, key, path) ?? ObjectMapper.Empty;
        ctx.OnlyKnown(child, NodePath.Key(path, key), known);
        return child;
    }

    private static RetryPolicy Retry(MapContext ctx, MappingNode m, string path)
    {
        ctx.OnlyKnown(m, path, "attempts", "perTryTimeout", "on", "retriableStatusCodes", "backoff");
        var backoff = Child(ctx, m, "backoff", path, "baseInterval", "maxInterval");
        var backoffPath = NodePath.Key(path, "backoff");
        return new RetryPolicy(
            ctx.Int(m, "attempts", path) ?? 1,
            ctx.Duration(m, "perTryTimeout", path),
            ctx.Strings(m, "on", path),
            ctx.Ints(m, "retriableStatusCodes", path),
            ctx.Duration(backoff, "baseInterval", backoffPath),
            ctx.Duration(backoff, "maxInterval", backoffPath));
    }

    private static TimeoutPolicy Timeout(MapContext ctx, MappingNode m, string path)
    {
        ctx.OnlyKnown(m, path, "request", "idle");
        return new TimeoutPolicy(ctx.Duration(m, "request", path), ctx.Duration(m, "idle", path));
    }

    private static CircuitBreakerPolicy CircuitBreaker(MapContext ctx, MappingNode m, string path)
    {
        ctx.OnlyKnown(m, path, "maxConnections", "maxPendingRequests", "maxRequests", "maxRetries");
        return new CircuitBreakerPolicy(ctx.Int(m, "maxConnections", path), ctx.Int(m, "maxPendingRequests", path), ctx.Int(m, "maxRequests", path), ctx.Int(m, "maxRetries", path));
    }

    private static OutlierDetectionPolicy OutlierDetection(MapContext ctx, MappingNode m, string path)
    {
        ctx.OnlyKnown(m, path, "consecutive5xx", "consecutiveGatewayFailure", "interval", "baseEjectionTime", "maxEjectionPercent");
        return new OutlierDetectionPolicy(
            ctx.Int(m, "consecutive5xx", path),
            ctx.Int(m, "consecutiveGatewayFailure", path),
            ctx.Duration(m, "interval", path),
            ctx.Duration(m, "baseEjectionTime", path),
            ctx.Int(m, "maxEjectionPercent", path));
    }

    private static HealthCheckPolicy HealthCheck(MapContext ctx, MappingNode m, string path)
    {
        ctx.OnlyKnown(m, path, "type", "path", "grpcService", "interval", "timeout", "healthyThreshold", "unhealthyThreshold");
        var type = ctx.RequiredString(m, "type", path);
        var modelType = type.ToUpperInvariant() switch { "HTTP" => "Http", "GRPC" => "Grpc", "TCP" => "Tcp", _ => null };
        if (modelType is null && type.Length > 0)
        {
            ctx.Error(m["type"], NodePath.Key(path, "type"), $"must be HTTP, GRPC or TCP, got '{type}'");
        }

        return new HealthCheckPolicy(
            modelType ?? type,
            ctx.String(m, "path", path),
            ctx.String(m, "grpcService", path),
            ctx.Duration(m, "interval", path) ?? PolicyDefaults.HealthCheckInterval,
            ctx.Duration(m, "timeout", path) ?? PolicyDefaults.HealthCheckTimeout,
            ctx.Int(m, "healthyThreshold", path) ?? PolicyDefaults.HealthyThreshold,
            ctx.Int(m, "unhealthyThreshold", path) ?? PolicyDefaults.UnhealthyThreshold);
    }

    private static LoadBalancerPolicy LoadBalancer(MapContext ctx, MappingNode m, string path)
    {
        ctx.OnlyKnown(m, path, "type", "hashOn", "localityAware");
        var keys = new List<HashKey>();
        foreach (var (item, itemPath) in ctx.Objects(m, "hashOn", path))
        {
            ctx.OnlyKnown(item, itemPath, "header", "cookie", "sourceIP");
            if (item.Entries.Count != 1)
            {
                ctx.Error(item, itemPath, "set exactly one of header, cookie or sourceIP");
                continue;
            }

            var cookie = Child(ctx, item, "cookie", itemPath, "name", "ttl");
            var cookiePath = NodePath.Key(itemPath, "cookie");
            HashKey? key = item.Entries[0].Key switch
            {
                "header" => new HashKey("Header", ctx.RequiredString(item, "header", itemPath), null),
                "cookie" => new HashKey("Cookie", ctx.RequiredString(cookie, "name", cookiePath), ctx.Duration(cookie, "ttl", cookiePath)),
                "sourceIP" when ctx.Bool(item, "sourceIP", itemPath) is true => new HashKey("SourceIp", null, null),
                "sourceIP" => null,
                _ => null,
            };
            if (key is null && item.Entries[0].Key == "sourceIP")
            {
                ctx.Error(item["sourceIP"], NodePath.Key(itemPath, "sourceIP"), "must be true (leave the item out to not hash on the source address)");
            }

            if (key is not null)
            {
                keys.Add(key);
            }
        }

        return new LoadBalancerPolicy(ctx.String(m, "type", path) ?? "RoundRobin", keys, ctx.Bool(m, "localityAware", path) ?? false);
    }

    private static ConnectionPolicy Connection(MapContext ctx, MappingNode m, string path)
    {
        ctx.OnlyKnown(m, path, "connectTimeout", "http2", "keepalive");
        var keepalive = Child(ctx, m, "keepalive", path, "time", "interval", "probes");
        var keepalivePath = NodePath.Key(path, "keepalive");
        return new ConnectionPolicy(
            ctx.Duration(m, "connectTimeout", path),
            ctx.Bool(m, "http2", path),
            ctx.Duration(keepalive, "time", keepalivePath),
            ctx.Duration(keepalive, "interval", keepalivePath),
            ctx.Int(keepalive, "probes", keepalivePath));
    }
}
