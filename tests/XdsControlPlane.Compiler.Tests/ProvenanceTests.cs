using Envoy.Config.Route.V3;
using XdsControlPlane.Model;

namespace XdsControlPlane.Compiler.Tests;

/// <summary>
/// <see cref="Origins.Sources"/>: every source object of a resource, narrowed by a client's NACK message where it names
/// route entries (what NACK tracing reports on).
/// </summary>
public sealed class ProvenanceTests
{
    private static readonly ObjectRef s_canary = new("HTTPRoute", "default", "canary");
    private static readonly ObjectRef s_cart = new("GRPCRoute", "shop", "cart");

    private static RouteConfiguration Config()
    {
        var config = new RouteConfiguration { Name = "echo.default.svc:50051" };
        var host = new VirtualHost { Name = "echo.default.svc:50051/*" };
        host.Routes.Add(new Route { Name = "HTTPRoute/default/canary/rule/0/match/0" });
        host.Routes.Add(new Route { Name = "GRPCRoute/shop/cart/rule/2/match/1" });
        host.Routes.Add(new Route { Name = "HTTPRoute/default/canary/rule/1/match/0" });
        host.Routes.Add(new Route { Name = "default" });
        config.VirtualHosts.Add(host);
        return config;
    }

    [Test]
    public void ARouteConfiguration_ComesFromEveryRouteWithAnEntryInIt()
    {
        Assert.That(Origins.Sources(Config()), Is.EqualTo(new[] { (s_canary, "spec.rules"), (s_cart, "spec.rules[2].matches[1]") }));
    }

    [TestCase("xDS response validation errors: [resource index 0: RouteConfiguration message validation failed: [virtual_hosts[echo.default.svc:50051/*].routes[GRPCRoute/shop/cart/rule/2/match/1].match: bad]]",
        "GRPCRoute", "spec.rules[2].matches[1]", TestName = "a route named as grpc-js names it")]
    [TestCase("errors validating RouteConfiguration resource: [field:virtual_hosts[0].routes[2].match.headers[0] error:invalid]",
        "HTTPRoute", "spec.rules[1].matches[0]", TestName = "a route named by its field path")]
    public void AClientMessageNamingARoute_NarrowsToIt(string message, string kind, string field)
    {
        var sources = Origins.Sources(Config(), message);

        Assert.That(sources, Is.EqualTo(new[] { (kind == "GRPCRoute" ? s_cart : s_canary, field) }));
    }

    [Test]
    public void AMessageNamingNoRoute_KeepsEveryRoute_AndOnlyTheBoundIsSearched()
    {
        var late = new string(' ', Origins.MaxMentionLength) + "GRPCRoute/shop/cart/rule/2/match/1";

        Assert.Multiple(() =>
        {
            Assert.That(Origins.Sources(Config(), "Invalid route header matcher specified."), Has.Count.EqualTo(2));
            Assert.That(Origins.Sources(Config(), late), Has.Count.EqualTo(2), "a name past the bound is not searched for");
            Assert.That(Origins.Sources(Config(), "virtual_hosts[7].routes[0]"), Has.Count.EqualTo(2), "a path outside the config narrows nothing");
        });
    }

    [Test]
    public void ARouteConfigurationWithoutRoutesOfARoute_ComesFromItsServicePort()
    {
        var config = new RouteConfiguration { Name = "echo.default.svc:50051" };
        config.VirtualHosts.Add(new VirtualHost { Name = "echo.default.svc:50051/*", Routes = { new Route { Name = "default" } } });

        Assert.That(Origins.Sources(config), Is.EqualTo(new[] { (new ObjectRef("Service", "default", "echo"), "spec.ports[port=50051]") }));
    }

    [Test]
    public void OtherResources_ComeFromTheirSingleOrigin() =>
        Assert.That(Origins.Sources(new Envoy.Config.Cluster.V3.Cluster { Name = "default/echo:50051" }),
            Is.EqualTo(new[] { (new ObjectRef("Service", "default", "echo"), "spec.ports[port=50051]") }));
}
