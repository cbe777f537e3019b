using Envoy.Config.Route.V3;
using Google.Protobuf;
using XdsControlPlane.Compiler.Tests.Support;
using XdsControlPlane.Model;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Compiler.Tests;

/// <summary>Every generated resource can be traced back to an object of the model, so constraint errors land on it.</summary>
public sealed class OriginsTests
{
    [TestCaseSource(typeof(CompilerTests), nameof(CompilerTests.Models))]
    public void EveryResource_HasAnOriginThatExistsInTheModel(object testCase)
    {
        var model = ((GoldenCase)testCase).Model();
        var known = model.Services.Select(s => s.Ref)
            .Concat(model.Gateways.Select(g => g.Ref))
            .Concat(model.Secrets.Select(s => s.Ref))
            .Concat(model.Routes.Select(r => r.Ref))
            .ToHashSet();
        var result = Compiler.Compile(model);

        var missing = new List<string>();
        foreach (var resource in result.Profiles.Values.SelectMany(p => p.All()))
        {
            var (_, name) = XdsResource.KeyOf(resource);
            if (Origins.Of(resource) is not { } origin)
            {
                // Proxyless listeners named after a route hostname have no single owner; their routes do.
                if (!(resource is Envoy.Config.Listener.V3.Listener or RouteConfiguration && !name.Contains(".svc:", StringComparison.Ordinal)))
                {
                    missing.Add($"{resource.Descriptor.Name} {name}: no origin");
                }
            }
            else if (!known.Contains(origin.Object))
            {
                missing.Add($"{resource.Descriptor.Name} {name}: origin {origin.Object} is not in the model");
            }
        }

        Assert.That(missing, Is.Empty);
    }

    [Test]
    public void AFieldOfARouteEntry_IsTracedToTheRouteRuleAndMatch()
    {
        var config = new RouteConfiguration { Name = "default/gw/80" };
        var host = new VirtualHost { Name = "default/gw/80/*" };
        host.Routes.Add(new Route { Name = "HTTPRoute/default/web/rule/0/match/0" });
        host.Routes.Add(new Route { Name = "GRPCRoute/shop/cart/rule/2/match/1" });
        config.VirtualHosts.Add(host);

        var entry = Origins.Of(config, "virtual_hosts[0].routes[1].route.weighted_clusters.clusters");
        var whole = Origins.Of(config, "virtual_hosts[0].name");

        Assert.Multiple(() =>
        {
            Assert.That(entry, Is.EqualTo((new ObjectRef("GRPCRoute", "shop", "cart"), "spec.rules[2].matches[1]")));
            Assert.That(whole, Is.EqualTo((new ObjectRef("Gateway", "default", "gw"), "spec.listeners[port=80]")));
        });
    }

    [TestCase("default/echo:50051", "Service", "default", "echo", "spec.ports[port=50051]")]
    [TestCase("echo.default.svc:50051", "Service", "default", "echo", "spec.ports[port=50051]")]
    [TestCase("default/public/443/https", "Gateway", "default", "public", "spec.listeners[name=https]")]
    public void ResourceNames_AreTracedToTheirObject(string name, string kind, string ns, string objectName, string field)
    {
        IMessage resource = name.Contains(".svc:", StringComparison.Ordinal) || name.Count(c => c == '/') >= 2
            ? new Envoy.Config.Listener.V3.Listener { Name = name }
            : new Envoy.Config.Cluster.V3.Cluster { Name = name };

        Assert.That(Origins.Of(resource), Is.EqualTo((new ObjectRef(kind, ns, objectName), field)));
    }

    [Test]
    public void ACaSecret_IsTracedToItsSecret() =>
        Assert.That(Origins.Of(new Envoy.Extensions.TransportSockets.Tls.V3.Secret { Name = "default/upstream-ca/ca" }),
            Is.EqualTo((new ObjectRef("Secret", "default", "upstream-ca"), "data[ca.crt]")));
}
