using XdsControlPlane.Compiler.Tests.Support;
using XdsControlPlane.Model;
using XdsControlPlane.Model.Policies;
using static XdsControlPlane.Compiler.Tests.Support.ModelBuilder;

namespace XdsControlPlane.Compiler.Tests.Cases;

/// <summary>Golden cases about HTTP filters and upstream TLS.</summary>
internal static class SecurityCases
{
    public static IEnumerable<GoldenCase> All()
    {
        yield return new GoldenCase("http-filters",
            "filters in order cors, jwt_authn, ext_authz, rbac, local_ratelimit, fault, router; per-route configs from Gateway "
            + "(CORS), listener (rate limit), route (JWT inline and remote JWKS through an EDS cluster) and rule (RBAC deny) "
            + "policies; an Allow rule whose only source range is invalid is dropped (never widened); ext_authz on the connection "
            + "manager with its gRPC cluster; proxyless clients get none of these filters (gRPC RBAC is server-side), each reported",
            () => new ModelBuilder()
                .Service("default", "web", ("http", 80)).Service("default", "authz", ("grpc", 9001)).Service("default", "idp", ("https", 443))
                .Gateway("default", "gw", Http("web", 80))
                .Route(HttpRoute("default", "app", [Gw("gw"), Svc("web")], [],
                    new RouteRule("public", [Prefix("/public")], [], [Backend("web", 80)], null, null),
                    new RouteRule("admin", [Prefix("/admin")], [], [Backend("web", 80)], null, null)))
                .Policy("default", "cors", Target("Gateway", "gw"), new PolicySpec
                {
                    Cors = new CorsPolicy(["https://app.example.com", "*"], ["GET", "POST"], ["authorization"], ["x-request-id"], TimeSpan.FromMinutes(10), true),
                    ExtAuthz = new ExtAuthzPolicy(Backend("authz", 9001), TimeSpan.FromMilliseconds(250), false),
                })
                .Policy("default", "ratelimit", Target("Gateway", "gw", "web"), new PolicySpec { RateLimit = new RateLimitPolicy(100, TimeSpan.FromSeconds(1), 200) })
                .Policy("default", "jwt", Target("HTTPRoute", "app"), new PolicySpec
                {
                    Jwt = new JwtPolicy(
                    [
                        new JwtProvider("inline", "https://issuer.example.com", ["app"], "{\"keys\":[]}", null, null, "x-jwt-payload"),
                        new JwtProvider("remote", "https://idp.example.com", [], null, "https://idp.default.svc/jwks.json", Backend("idp", 443), null),
                    ], true),
                })
                .Policy("default", "admin-rbac", Target("HTTPRoute", "app", "admin"), new PolicySpec
                {
                    Rbac = new RbacPolicy("Deny", [new RbacRule([], [new ValueMatch("Exact", "x-env", "prod")], ["10.0.0.0/8", "192.168.1.1"])]),
                })
                .Policy("default", "bad-rbac", Target("HTTPRoute", "app", "public"), new PolicySpec
                {
                    Rbac = new RbacPolicy("Allow",
                    [
                        new RbacRule(["spiffe://cluster.local/ns/default/sa/web"], [], ["not-a-cidr"]),
                        new RbacRule(["spiffe://cluster.local/ns/default/sa/web"], [new ValueMatch("Exact", "x-internal", "true")], []),
                    ]),
                })
                .Build());

        yield return new GoldenCase("upstream-tls",
            "upstream TLS (CA by SDS with SAN matching, SNI) and mutual TLS (client certificate by SDS); a CA Secret without ca.crt "
            + "reported and TLS left off; every SDS reference has its Secret",
            () => new ModelBuilder()
                .Service("default", "secure", ("https", 443)).Service("default", "mtls", ("https", 443)).Service("default", "broken", ("https", 443))
                .Secret("default", "backend-ca", withCa: true).Secret("default", "client-cert").Secret("default", "no-ca")
                .Gateway("default", "gw", Http("web", 80))
                .Route(HttpRoute("default", "app", [Gw("gw")], [],
                    Rule([Prefix("/secure")], Backend("secure", 443)),
                    Rule([Prefix("/mtls")], Backend("mtls", 443)),
                    Rule([Prefix("/broken")], Backend("broken", 443))))
                .Policy("default", "secure-tls", Target("Service", "secure"), new PolicySpec
                {
                    Tls = new UpstreamTlsPolicy("Simple", new ObjectRef("Secret", "", "backend-ca"), null, "secure.example.com", ["secure.example.com"]),
                })
                .Policy("default", "mtls-tls", Target("Service", "mtls"), new PolicySpec
                {
                    Tls = new UpstreamTlsPolicy("Mutual", new ObjectRef("Secret", "default", "backend-ca"), new ObjectRef("Secret", "", "client-cert"), null, []),
                })
                .Policy("default", "broken-tls", Target("Service", "broken"), new PolicySpec
                {
                    Tls = new UpstreamTlsPolicy("Simple", new ObjectRef("Secret", "", "no-ca"), null, null, []),
                })
                .Build());
    }
}
