using XdsControlPlane.Compiler.Tests.Support;
using XdsControlPlane.Model;
using XdsControlPlane.Model.Policies;
using static XdsControlPlane.Compiler.Tests.Support.ModelBuilder;

namespace XdsControlPlane.Compiler.Tests.Cases;

/// <summary>Golden cases about GRPCRoute and the proxyless profile.</summary>
internal static class ProxylessCases
{
    public static IEnumerable<GoldenCase> All()
    {
        yield return new GoldenCase("grpc-routes",
            "GRPCRoute service/method matches as gRPC paths (exact, service prefix, method regex, regex) in GRPCRoute precedence "
            + "(exact before regex, then longer service, then longer method), on a Gateway "
            + "(HTTP/2 upstream clusters) and on a Service (proxyless API listener); a Service without routes gets its default route",
            () => new ModelBuilder()
                .Service("default", "echo", "grpc", ("grpc", 50051)).Service("default", "echo-v2", "grpc", ("grpc", 50051))
                .Slice("default", "echo-1", "echo", "grpc", 50051, Ready("10.1.0.1"), Ready("10.1.0.2", "zone-b"))
                .Slice("default", "echo-v2-1", "echo-v2", "grpc", 50051, Ready("10.1.1.1"))
                .Gateway("default", "gw", Http("web", 80))
                .Route(GrpcRoute("default", "echo", [Gw("gw"), Svc("echo")], [],
                    Rule([ModelBuilder.Grpc("echo.Echo", "Say")], Backend("echo-v2", 50051)),
                    Rule([ModelBuilder.Grpc("echo.Echo", null)], Backend("echo", 50051)),
                    Rule([ModelBuilder.Grpc(null, "Health")], Backend("echo", 50051)),
                    Rule([ModelBuilder.Grpc("echo\\.Ec.*", "Say.*", "RegularExpression")], Backend("echo", 50051))))
                .Build());

        yield return new GoldenCase("proxyless-mesh",
            "proxyless only: API listeners per TCP Service port (UDP skipped), route on a Service port, hostname listener, wildcard "
            + "hostname reported; header match kept, query and method matches and filters reported; rule timeout as max_stream_duration; "
            + "retry with gRPC conditions only, fault abort with gRPC status, ring hash on a header; unsupported policy settings reported",
            () => new ModelBuilder()
                .Service("default", "a", ("grpc", 50051))
                .Service("default", "b", ("grpc", 50051), ("admin", 9000))
                .Service("default", "b-canary", ("grpc", 50051))
                .Service("default", "dns", ("dns", 53)).WithUdp()
                .Slice("default", "a-1", "a", "grpc", 50051, Ready("10.2.0.1"))
                .Route(HttpRoute("default", "to-b", [Svc("b", 50051)], ["b.example.internal", "*.wild.internal"],
                    new RouteRule(null, [Header("x-user", "alice")], [], [Backend("b-canary", 50051)], TimeSpan.FromSeconds(2), null),
                    new RouteRule(null, [new RouteMatch(null, [], [new ValueMatch("Exact", "q", "1")], null, null)], [], [Backend("b", 50051)], null, null),
                    new RouteRule(null, [new RouteMatch(new PathMatch("PathPrefix", "/get"), [], [], "GET", null)], [], [Backend("b", 50051)], null, null),
                    new RouteRule(null, [], [new RouteFilter("RequestHeaderModifier", RequestHeaders: new HeaderModifier([new("x-a", "1")], [], []))], [Backend("b", 50051)], null, null)))
                .Route(HttpRoute("default", "ghost-parent", [Svc("ghost")], [], Rule(Backend("a", 50051))))
                .Policy("default", "a-resilience", Target("Service", "a"), new PolicySpec
                {
                    Retry = new RetryPolicy(3, TimeSpan.FromSeconds(1), ["unavailable", "5xx"], [], TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1)),
                    Fault = new FaultPolicy(null, null, 50, null, 14),
                    LoadBalancer = new LoadBalancerPolicy("RingHash", [new HashKey("Header", "x-user", null), new HashKey("Cookie", "session", null)], false),
                    CircuitBreaker = new CircuitBreakerPolicy(100, null, null, null),
                    OutlierDetection = new OutlierDetectionPolicy(5, null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), 50),
                })
                .Policy("default", "b-timeout", Target("Service", "b", "grpc"), new PolicySpec { Timeout = new TimeoutPolicy(TimeSpan.FromSeconds(5), null) })
                .Build());
    }

    /// <summary>Marks the last Service's ports UDP (proxyless listeners are for TCP ports only).</summary>
    private static ModelBuilder WithUdp(this ModelBuilder builder) => builder.MapLastService(s => s with { Ports = [.. s.Ports.Select(p => p with { Protocol = "UDP" })] });
}
