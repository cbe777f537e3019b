using XdsControlPlane.Compiler.Tests.Support;
using XdsControlPlane.Model;
using static XdsControlPlane.Compiler.Tests.Support.ModelBuilder;

namespace XdsControlPlane.Compiler.Tests.Validation;

/// <summary>
/// The acceptance check inside a compilation: what Envoy would refuse is reported on the source object's field and
/// only that is left out; everything else on the same listener is served.
/// </summary>
public sealed class EnvoyAcceptanceCompileTests
{
    [Test]
    public void ARouteSettingTheHostHeader_IsLeftOutAndReportedOnItsFilters_TheOtherRouteOfTheListenerServed()
    {
        // Gateway API allows a RequestHeaderModifier to set "Host"; Envoy refuses the whole RouteConfiguration for it
        // (":-prefixed or host headers may not be modified"), which would take every route of the listener down.
        var setHost = new RouteRule(null, [Prefix("/a")], [new RouteFilter("RequestHeaderModifier", RequestHeaders: new HeaderModifier([new("Host", "a.internal")], [], []))],
            [Backend("echo", 8080)], null, null);
        var model = new ModelBuilder()
            .Service("default", "echo", ("http", 8080))
            .Slice("default", "echo-1", "echo", "http", 8080, Ready("10.0.0.1"))
            .Gateway("default", "gw", Http("web", 80))
            .Route(HttpRoute("default", "host-setter", [Gw("gw")], ["a.example.com"], setHost))
            .Route(HttpRoute("default", "fine", [Gw("gw")], ["b.example.com"], Rule([Prefix("/b")], Backend("echo", 8080))))
            .Build();

        var result = Compiler.Compile(model);

        var routes = result.Profiles[ProfileNames.Gateway("default", "gw")].RouteConfigurations.Single();
        var served = routes.VirtualHosts.SelectMany(v => v.Routes).Select(r => r.Name).ToList();
        var error = result.Errors.Single(e => e.Reason == Reasons.RejectedByEnvoy);
        Assert.Multiple(() =>
        {
            Assert.That(error.Object, Is.EqualTo(new ObjectRef("HTTPRoute", "default", "host-setter")));
            Assert.That(error.Field, Is.EqualTo("spec.rules[0].filters"));
            Assert.That(error.Message, Does.Contain("header 'Host' may not be modified").And.Contain("unmodifiable-header").And.Contain("route left out"));
            Assert.That(served, Does.Contain("HTTPRoute/default/fine/rule/0/match/0"), "the other route of the listener is served");
            Assert.That(served, Has.None.StartsWith("HTTPRoute/default/host-setter/"));
        });
    }
}
