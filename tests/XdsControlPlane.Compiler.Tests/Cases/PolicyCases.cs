using XdsControlPlane.Compiler.Tests.Support;
using XdsControlPlane.Model;
using XdsControlPlane.Model.Policies;
using static XdsControlPlane.Compiler.Tests.Support.ModelBuilder;

namespace XdsControlPlane.Compiler.Tests.Cases;

/// <summary>Golden cases about route filters and policies at the gateway.</summary>
internal static class PolicyCases
{
    public static IEnumerable<GoldenCase> All()
    {
        yield return new GoldenCase("route-filters",
            "request/response header modifiers (set overwrites, add appends, remove), redirects (scheme+code, prefix), URL rewrite "
            + "(host, prefix to '/', full path), request mirror at 25%, rule timeouts (request, backendRequest; with a retry policy "
            + "backendRequest becomes per_try_timeout); proxyless clients get the routes without the filters, each reported",
            () => new ModelBuilder()
                .Service("default", "web", ("http", 80)).Service("default", "shadow", ("http", 80))
                .Gateway("default", "gw", Http("web", 80))
                .Route(HttpRoute("default", "filters", [Gw("gw"), Svc("web")], [],
                    new RouteRule(null, [Prefix("/headers")],
                    [
                        new RouteFilter("RequestHeaderModifier", RequestHeaders: new HeaderModifier([new("x-set", "1")], [new("x-add", "2")], ["x-remove"])),
                        new RouteFilter("ResponseHeaderModifier", ResponseHeaders: new HeaderModifier([new("x-served-by", "xds")], [], ["server"])),
                    ], [Backend("web", 80)], null, null),
                    new RouteRule(null, [Prefix("/old")], [new RouteFilter("RequestRedirect", Redirect: new RedirectFilter("https", "new.example.com", null, 443, 301))], [], null, null),
                    new RouteRule(null, [Prefix("/moved")], [new RouteFilter("RequestRedirect", Redirect: new RedirectFilter(null, null, new PathModifier("ReplacePrefixMatch", "/new"), null, 302))], [], null, null),
                    new RouteRule(null, [Prefix("/api")], [new RouteFilter("URLRewrite", Rewrite: new RewriteFilter("backend.internal", new PathModifier("ReplacePrefixMatch", "/")))], [Backend("web", 80)], null, null),
                    new RouteRule(null, [Exact("/legacy")], [new RouteFilter("URLRewrite", Rewrite: new RewriteFilter(null, new PathModifier("ReplaceFullPath", "/v2/index")))], [Backend("web", 80)], null, null),
                    new RouteRule(null, [Prefix("/mirror")], [new RouteFilter("RequestMirror", Mirror: new MirrorFilter(Backend("shadow", 80), 25))], [Backend("web", 80)], null, null),
                    new RouteRule(null, [Prefix("/slow")], [], [Backend("web", 80)], TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1)),
                    new RouteRule("retried", [Prefix("/retried")], [], [Backend("web", 80)], TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1))))
                .Policy("default", "retried", Target("HTTPRoute", "filters", "retried"), new PolicySpec
                {
                    Retry = new RetryPolicy(2, null, ["5xx", "reset"], [], null, null),
                })
                .Build());

        yield return new GoldenCase("traffic-policies",
            "Service policies on clusters (maglev with cookie and source-IP hashing, least request with locality weighting, "
            + "random, circuit breakers, outlier detection, HTTP/gRPC/TCP health checks, connect timeout, HTTP/2, keepalive); "
            + "route and rule policies (retry with backoff and status codes, timeouts, fault delay and abort); Gateway-wide timeout; "
            + "conflicting policies reported; a policy naming a missing target reported",
            () => new ModelBuilder()
                .Service("default", "web", ("http", 80)).Service("default", "api", ("grpc", 50051)).Service("default", "raw", ("tcp", 9000))
                .Gateway("default", "gw", Http("web", 80))
                .Route(HttpRoute("default", "app", [Gw("gw")], [],
                    new RouteRule(null, [Prefix("/web")], [], [Backend("web", 80)], null, null),
                    new RouteRule("faulty", [Prefix("/api")], [], [Backend("api", 50051)], null, null),
                    new RouteRule(null, [Prefix("/raw")], [], [Backend("raw", 9000)], null, null)))
                .Policy("default", "web-cluster", Target("Service", "web"), new PolicySpec
                {
                    LoadBalancer = new LoadBalancerPolicy("Maglev", [new HashKey("Cookie", "session", TimeSpan.FromHours(1)), new HashKey("SourceIp", null, null)], false),
                    CircuitBreaker = new CircuitBreakerPolicy(1000, 100, 500, 3),
                    OutlierDetection = new OutlierDetectionPolicy(5, 3, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), 50),
                    HealthCheck = new HealthCheckPolicy("Http", "/healthz", null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1), 2, 3),
                    Connection = new ConnectionPolicy(TimeSpan.FromSeconds(2), true, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(10), 3),
                })
                .Policy("default", "web-duplicate", Target("Service", "web"), new PolicySpec { CircuitBreaker = new CircuitBreakerPolicy(1, 1, 1, 1) })
                .Policy("default", "api-cluster", Target("Service", "api", "grpc"), new PolicySpec
                {
                    LoadBalancer = new LoadBalancerPolicy("LeastRequest", [], true),
                    HealthCheck = new HealthCheckPolicy("Grpc", null, "echo.Echo", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2), 1, 2),
                })
                .Policy("default", "raw-cluster", Target("Service", "raw"), new PolicySpec
                {
                    LoadBalancer = new LoadBalancerPolicy("Random", [], false),
                    HealthCheck = new HealthCheckPolicy("Tcp", null, null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2), 1, 2),
                })
                .Policy("default", "app-retry", Target("HTTPRoute", "app"), new PolicySpec
                {
                    Retry = new RetryPolicy(3, TimeSpan.FromMilliseconds(500), ["retriable-status-codes", "connect-failure"], [503, 504], TimeSpan.FromMilliseconds(25), TimeSpan.FromMilliseconds(250)),
                })
                .Policy("default", "api-fault", Target("HTTPRoute", "app", "faulty"), new PolicySpec
                {
                    Fault = new FaultPolicy(10, TimeSpan.FromSeconds(1), 5, 503, null),
                })
                .Policy("default", "gw-timeout", Target("Gateway", "gw"), new PolicySpec { Timeout = new TimeoutPolicy(TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(5)) })
                .Policy("default", "orphan", Target("Service", "nothing"), new PolicySpec { Timeout = new TimeoutPolicy(TimeSpan.FromSeconds(1), null) })
                .Build());
    }
}
