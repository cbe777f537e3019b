using XdsControlPlane.Compiler.Tests.Support;
using XdsControlPlane.Model;
using static XdsControlPlane.Compiler.Tests.Support.ModelBuilder;

namespace XdsControlPlane.Compiler.Tests.Cases;

/// <summary>Golden cases about Gateway listeners, attachment, hostnames and endpoints.</summary>
internal static class GatewayCases
{
    public static IEnumerable<GoldenCase> All()
    {
        yield return new GoldenCase("gateway-http-basic",
            "HTTP listener on 0.0.0.0:80, RDS over ADS, one route to an EDS cluster; endpoints by zone (ready and Ready=null kept, "
            + "not-ready and terminating left out), FQDN slice reported; proxyless default route to the Service",
            () => new ModelBuilder()
                .Service("default", "web", ("http", 8080))
                .Slice("default", "web-a", "web", "http", 80, Ready("10.0.0.1"), Unknown("10.0.0.2"), NotReady("10.0.0.3"), Terminating("10.0.0.4"))
                .Slice("default", "web-b", "web", "http", 80, Ready("10.0.1.1", "zone-b"))
                .Slice("default", "web-metrics", "web", "metrics", 9090, Ready("10.0.0.1"))
                .Slice("default", "web-fqdn", "web", "FQDN", "http", 80, Ready("web.example.com"))
                .Gateway("default", "gw", Http("web", 80))
                .Route(HttpRoute("default", "web", [Gw("gw")], [], Rule(Backend("web", 8080))))
                .Build());

        yield return new GoldenCase("route-matching",
            "exact > regex > longest prefix; method, header and query matches; matches with a path not starting with '/' or a "
            + "pattern RE2 rejects (lookahead, unbalanced) dropped and reported; the older route wins an identical match "
            + "and the newer one is reported Conflicted; a route from another namespace is NotAllowedByListeners, and its backend "
            + "in this namespace is RefNotPermitted (no ReferenceGrant)",
            () => new ModelBuilder()
                .Service("default", "a", ("http", 80)).Service("default", "b", ("http", 80)).Service("default", "c", ("http", 80))
                .Gateway("default", "gw", Http("web", 80))
                .Route(HttpRoute("default", "api", [Gw("gw")], [],
                    Rule([Exact("/api/health")], Backend("a", 80)),
                    Rule([Prefix("/api")], Backend("a", 80)),
                    Rule([Regex("/api/v[0-9]+/.*")], Backend("b", 80)),
                    Rule([Header("x-canary", "true", "/api")], Backend("b", 80)),
                    Rule([new RouteMatch(new PathMatch("PathPrefix", "/api"), [], [new ValueMatch("Exact", "debug", "1")], "GET", null)], Backend("b", 80)),
                    Rule([new RouteMatch(new PathMatch("Exact", "no-slash"), [], [], null, null)], Backend("b", 80)),
                    Rule([Regex("/(?!admin).*")], Backend("b", 80)),
                    Rule([new RouteMatch(null, [new ValueMatch("RegularExpression", "x-id", "([a-z]+")], [], null, null)], Backend("b", 80))))
                .Route(HttpRoute("default", "older", [Gw("gw")], [], Rule([Prefix("/api")], Backend("c", 80))) with { CreatedAt = Epoch.AddDays(-1) })
                .Route(HttpRoute("team", "elsewhere", [Gw("gw", ns: "default")], [], Rule(Backend("a", 80, ns: "default"))))
                .Build());

        yield return new GoldenCase("weights",
            "canary split as weighted clusters without zero weights; 100/0 becomes one cluster; all-zero, missing and "
            + "invalid-kind backends give a 500 direct response at the gateway and are left out for proxyless clients; with one valid "
            + "and one missing backend the gateway keeps the missing share (to a never-emitted cluster, answered 500), proxyless drops it",
            () => new ModelBuilder()
                .Service("default", "stable", ("grpc", 50051)).Service("default", "canary", ("grpc", 50051))
                .Gateway("default", "gw", Http("web", 80))
                .Route(HttpRoute("default", "split", [Gw("gw"), Svc("stable")], [],
                    Rule([Prefix("/canary")], Backend("stable", 50051, 90), Backend("canary", 50051, 10)),
                    Rule([Prefix("/all-in")], Backend("stable", 50051, 100), Backend("canary", 50051, 0)),
                    Rule([Prefix("/zero")], Backend("stable", 50051, 0), Backend("canary", 50051, 0)),
                    Rule([Prefix("/missing")], Backend("ghost", 50051)),
                    Rule([Prefix("/partial")], Backend("stable", 50051), Backend("ghost", 50051)),
                    Rule([Prefix("/kind")], new BackendRef("Bucket", "", "stable", 50051, 1))))
                .Build());

        yield return new GoldenCase("hostnames",
            "listener/route hostname intersection with wildcards, one virtual host per hostname, a hostname served only by its most specific listener on a port, allowedRoutes Same/All/Selector "
            + "and kinds, sectionName, NoMatchingListenerHostname, NoMatchingParent",
            () => new ModelBuilder()
                .Service("default", "web", ("http", 80)).Service("blue", "web", ("http", 80)).Service("red", "web", ("http", 80))
                .Namespace("blue", ("team", "blue")).Namespace("red", ("team", "red"))
                .Gateway("default", "gw",
                    Http("plain", 80, from: "All"),
                    Http("wild", 8080, "*.example.com"),
                    Http("exact", 8080, "api.example.com"),
                    new GatewayListener("selector", null, 9090, "HTTP", [], "Selector", [new("team", "blue")], []),
                    Http("kinds", 7070, null, "Same", "HTTPRoute", "TCPRoute"))
                .Route(HttpRoute("default", "multi", [Gw("gw", "plain"), Gw("gw", "wild"), Gw("gw", "exact")], ["api.example.com", "foo.example.com", "other.org"], Rule(Backend("web", 80))))
                .Route(HttpRoute("default", "wildcard", [Gw("gw", "exact")], ["*.example.com"], Rule([Prefix("/w")], Backend("web", 80))))
                .Route(HttpRoute("default", "nomatch", [Gw("gw", "wild")], ["nope.org"], Rule(Backend("web", 80))))
                .Route(HttpRoute("default", "shadowed", [Gw("gw", "wild")], ["api.example.com", "bar.example.com"], Rule([Prefix("/s")], Backend("web", 80))))
                .Route(HttpRoute("blue", "selected", [Gw("gw", "selector", ns: "default")], [], Rule(Backend("web", 80))))
                .Route(HttpRoute("red", "rejected", [Gw("gw", "selector", ns: "default")], [], Rule(Backend("web", 80))))
                .Route(HttpRoute("default", "nosection", [Gw("gw", "missing"), Gw("nogw")], [], Rule(Backend("web", 80))))
                .Route(GrpcRoute("default", "grpc-on-http-only", [Gw("gw", "kinds")], [], Rule(Backend("web", 80))))
                .Build());

        yield return new GoldenCase("two-gateways",
            "one profile per Gateway: a route in another namespace attaches to both (listeners admit All), another only to "
            + "one; each profile holds only the clusters its routes use",
            () => new ModelBuilder()
                .Service("apps", "shop", ("http", 8080)).Service("apps", "admin", ("http", 8080))
                .Secret("infra", "edge-cert")
                .Gateway("infra", "internal", Http("http", 80, from: "All"))
                .Gateway("infra", "edge", new GatewayListener("https", "shop.example.com", 443, "HTTPS", [new ObjectRef("Secret", "", "edge-cert")], "All", [], []))
                .Route(HttpRoute("apps", "shop", [Gw("internal", ns: "infra"), Gw("edge", ns: "infra")], ["shop.example.com"], Rule(Backend("shop", 8080))))
                .Route(HttpRoute("apps", "admin", [Gw("internal", ns: "infra")], [], Rule([Prefix("/admin")], Backend("admin", 8080))))
                .Build());

        yield return new GoldenCase("https",
            "HTTPS: one filter chain per listener hostname selected by SNI, DownstreamTlsContext with SDS over ADS, a Secret per "
            + "certificate; a missing certificate reported, a listener without any skipped; protocol conflict on a port",
            () => new ModelBuilder()
                .Service("default", "web", ("http", 80))
                .Secret("default", "api-cert").Secret("default", "www-cert").Secret("default", "unused")
                .Gateway("default", "gw",
                    Https("api", 443, "api.example.com", "api-cert"),
                    Https("www", 443, "www.example.com", "www-cert", "missing-cert"),
                    Https("bad", 443, "bad.example.com", "nope"),
                    Http("conflict", 443),
                    Http("plain", 80))
                .Route(HttpRoute("default", "web", [Gw("gw")], [], Rule(Backend("web", 80))))
                .Build());

        yield return new GoldenCase("reference-grants",
            "references into another namespace need a ReferenceGrant there: a granted backend is routed, an ungranted one is "
            + "RefNotPermitted and its share gets 500, a grant naming another Service does not apply; a certificate in "
            + "another namespace is served with a grant to Gateways and refused (listener skipped, Gateway ResolvedRefs=False) without",
            () => new ModelBuilder()
                .Service("app", "web", ("http", 80))
                .Service("shared", "db", ("http", 80)).Service("shared", "cache", ("http", 80))
                .Service("private", "vault", ("http", 80))
                .Secret("certs", "granted").Secret("certs", "refused")
                .Grant("shared", "app-routes", [("gateway.networking.k8s.io", "HTTPRoute", "app")], ("", "Service", "db"))
                .Grant("certs", "app-gateways", [("gateway.networking.k8s.io", "Gateway", "app")], ("", "Secret", "granted"))
                .Gateway("app", "gw",
                    Http("plain", 80),
                    new GatewayListener("granted", "a.example.com", 443, "HTTPS", [new ObjectRef("Secret", "certs", "granted")], "Same", [], []),
                    new GatewayListener("refused", "b.example.com", 443, "HTTPS", [new ObjectRef("Secret", "certs", "refused")], "Same", [], []))
                .Route(HttpRoute("app", "granted", [Gw("gw")], [], Rule([Prefix("/db")], Backend("web", 80), Backend("db", 80, ns: "shared"))))
                .Route(HttpRoute("app", "refused", [Gw("gw")], [],
                    Rule([Prefix("/cache")], Backend("web", 80), Backend("cache", 80, ns: "shared")),
                    Rule([Prefix("/vault")], Backend("vault", 80, ns: "private"))))
                .Build());
    }
}
