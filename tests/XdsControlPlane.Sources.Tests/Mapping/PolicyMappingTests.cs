using XdsControlPlane.Model;
using XdsControlPlane.Model.Policies;

namespace XdsControlPlane.Sources.Tests.Mapping;

/// <summary>XdsPolicy objects map to whole <see cref="PolicyModel"/> records.</summary>
public sealed class PolicyMappingTests
{
    private static ModelContext _model = ModelContext.Empty;

    [OneTimeSetUp]
    public void LoadPolicies() => _model = Assets.Load("policies");

    [Test]
    public void EverySection_IsMapped()
    {
        var spec = new PolicySpec
        {
            Retry = new RetryPolicy(3, TimeSpan.FromSeconds(1), ["5xx", "reset", "connect-failure", "retriable-status-codes"], [503, 504],
                TimeSpan.FromMilliseconds(25), TimeSpan.FromMilliseconds(250)),
            Timeout = new TimeoutPolicy(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5)),
            CircuitBreaker = new CircuitBreakerPolicy(100, 50, 200, 3),
            OutlierDetection = new OutlierDetectionPolicy(5, 4, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), 50),
            HealthCheck = new HealthCheckPolicy("Http", "/healthz", null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1), 2, 3),
            LoadBalancer = new LoadBalancerPolicy("RingHash",
                [new HashKey("Header", "x-user", null), new HashKey("Cookie", "session", TimeSpan.FromHours(1)), new HashKey("SourceIp", null, null)], true),
            Connection = new ConnectionPolicy(TimeSpan.FromSeconds(2), true, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(10), 3),
            RateLimit = new RateLimitPolicy(100, TimeSpan.FromSeconds(1), 200),
            Cors = new CorsPolicy(["https://shop.example.com"], ["GET", "POST"], ["content-type"], ["x-request-id"], TimeSpan.FromMinutes(10), true),
            Jwt = new JwtPolicy(
            [
                new JwtProvider("inline", "https://issuer.example.com", ["shop"], "{\"keys\": []}", null, null, "x-jwt"),
                new JwtProvider("remote", "https://login.example.com", [], null, "https://login.example.com/.well-known/jwks.json",
                    new BackendRef("Service", "auth", "login", 443, 1), null),
            ], Required: false),
            ExtAuthz = new ExtAuthzPolicy(new BackendRef("Service", "auth", "authz", 9000, 1), TimeSpan.FromMilliseconds(200), true),
            Rbac = new RbacPolicy("Deny",
            [
                new RbacRule(["spiffe://cluster.local/ns/shop/sa/batch"], [], []),
                new RbacRule([], [new ValueMatch("Exact", "x-blocked", "yes")], ["10.0.0.0/8", "2001:db8::/32"]),
            ]),
            Fault = new FaultPolicy(10, TimeSpan.FromMilliseconds(100), 5.5, 503, null),
            Tls = new UpstreamTlsPolicy("Mutual", new ObjectRef("Secret", "certs", "ca"), new ObjectRef("Secret", "shop", "client"), "web.shop.svc",
                ["spiffe://cluster.local/ns/shop/sa/web"]),
        };
        var expected = new PolicyModel(new ObjectRef("XdsPolicy", "shop", "everything"), 4, new PolicyTarget("Service", "shop", "web", "http"), spec);

        Assert.That(_model.Policies.Single(p => p.Ref.Name == "everything"), Is.EqualTo(expected));
    }

    [Test]
    public void Defaults_AndCaseInsensitiveHealthCheckType()
    {
        var spec = new PolicySpec
        {
            Retry = new RetryPolicy(1, null, ["unavailable", "cancelled", "deadline-exceeded", "resource-exhausted", "internal"], [], null, null),
            HealthCheck = new HealthCheckPolicy("Grpc", null, "helloworld.Greeter", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1), 2, 3),
            Fault = new FaultPolicy(null, null, 100, null, 14),
        };
        var expected = new PolicyModel(new ObjectRef("XdsPolicy", "shop", "grpc-faults"), 0, new PolicyTarget("GRPCRoute", "other", "greeter", "hello"), spec);

        Assert.That(_model.Policies.Single(p => p.Ref.Name == "grpc-faults"), Is.EqualTo(expected));
    }

    [Test]
    public void AnUnknownSpecField_IsAnError_WithASuggestion()
    {
        Assert.That(_model.Policies.Select(p => p.Ref.Name), Does.Not.Contain("typo"));
        var error = _model.SourceErrors.Single();
        Assert.That(error.Object, Is.EqualTo(new ObjectRef("XdsPolicy", "shop", "typo")));
        Assert.That(error.Field, Is.EqualTo("spec.retires"));
        Assert.That(error.Message, Does.StartWith("unknown field 'retires'").And.EndWith("did you mean 'retry'? (full.yaml:92)"));
    }
}
