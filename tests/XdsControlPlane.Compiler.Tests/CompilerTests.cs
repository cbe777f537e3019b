using Envoy.Config.Route.V3;
using Google.Protobuf;
using XdsControlPlane.Compiler.Tests.Support;
using XdsControlPlane.Model;
using XdsControlPlane.Xds.Snapshots;
using static XdsControlPlane.Compiler.Tests.Support.ModelBuilder;

namespace XdsControlPlane.Compiler.Tests;

/// <summary>Properties every compilation must have, checked over every golden case, and the isolation of bad input.</summary>
public sealed class CompilerTests
{
    public static IEnumerable<TestCaseData> Models() => GoldenCase.All().Select(c => new TestCaseData(c).SetName($"{{m}}_{c.Name}"));

    [TestCaseSource(nameof(Models))]
    public void Compile_TwiceGivesByteIdenticalResources(object testCase)
    {
        var model = ((GoldenCase)testCase).Model;
        var first = Compiler.Compile(model());
        var second = Compiler.Compile(model());
        Assert.That(second.Profiles.Keys, Is.EqualTo(first.Profiles.Keys));
        foreach (var (name, profile) in first.Profiles)
        {
            var a = profile.All().Select(m => m.ToByteArray()).ToList();
            var b = second.Profiles[name].All().Select(m => m.ToByteArray()).ToList();
            Assert.That(b, Is.EqualTo(a), $"profile {name}");
        }

        Assert.That(second.Errors, Is.EqualTo(first.Errors));
        Assert.That(second.Statuses, Is.EqualTo(first.Statuses));
    }

    [TestCaseSource(nameof(Models))]
    public void EveryProfile_IsConsistent_P25(object testCase)
    {
        var result = Compiler.Compile(((GoldenCase)testCase).Model());
        foreach (var (name, profile) in result.Profiles)
        {
            var snapshot = Snapshot.Create(profile.All());
            Assert.That(SnapshotConsistency.Check(snapshot), Is.Empty, $"profile {name}");
        }
    }

    [TestCaseSource(nameof(Models))]
    public void NoRouteAction_WithoutTarget_NorAllZeroWeights(object testCase)
    {
        var result = Compiler.Compile(((GoldenCase)testCase).Model());
        foreach (var route in result.Profiles.Values.SelectMany(p => p.RouteConfigurations).SelectMany(c => c.VirtualHosts).SelectMany(v => v.Routes))
        {
            if (route.ActionCase != Route.ActionOneofCase.Route_)
            {
                continue;
            }

            Assert.That(route.Route_.ClusterSpecifierCase, Is.AnyOf(RouteAction.ClusterSpecifierOneofCase.Cluster, RouteAction.ClusterSpecifierOneofCase.WeightedClusters), route.Name);
            if (route.Route_.WeightedClusters is { } weighted)
            {
                Assert.That(weighted.Clusters.Sum(c => (long)(c.Weight ?? 0)), Is.GreaterThan(0), route.Name);
            }
        }
    }

    [TestCaseSource(nameof(Models))]
    public void EveryList_IsSortedByName(object testCase)
    {
        foreach (var profile in Compiler.Compile(((GoldenCase)testCase).Model()).Profiles.Values)
        {
            Assert.That(profile.Listeners.Select(l => l.Name), Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
            Assert.That(profile.RouteConfigurations.Select(r => r.Name), Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
            Assert.That(profile.Clusters.Select(c => c.Name), Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
            Assert.That(profile.ClusterLoadAssignments.Select(c => c.ClusterName), Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
            Assert.That(profile.Secrets.Select(s => s.Name), Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
        }
    }

    [Test]
    public void BadRoute_DoesNotAffectAnother()
    {
        ModelBuilder Base() => new ModelBuilder()
            .Service("default", "web", ("http", 80))
            .Gateway("default", "gw", Http("web", 80))
            .Route(HttpRoute("default", "good", [Gw("gw"), Svc("web")], [], Rule([Prefix("/good")], Backend("web", 80))));
        var alone = Compiler.Compile(Base().Build());
        var withBad = Compiler.Compile(Base()
            .Route(HttpRoute("default", "bad", [Gw("gw"), Svc("web")], [],
                Rule([Prefix("/bad")], Backend("ghost", 80)),
                Rule([new XdsControlPlane.Model.RouteMatch(new PathMatch("Bogus", "/x"), [], [], null, null)], Backend("web", 80))))
            .Build());

        foreach (var (name, profile) in alone.Profiles)
        {
            var good = Routes(profile).Where(r => r.Name.StartsWith("HTTPRoute/default/good/", StringComparison.Ordinal)).ToList();
            var goodWithBad = Routes(withBad.Profiles[name]).Where(r => r.Name.StartsWith("HTTPRoute/default/good/", StringComparison.Ordinal)).ToList();
            Assert.That(goodWithBad, Is.EqualTo(good).And.Not.Empty, name);
            Assert.That(withBad.Profiles[name].Clusters, Is.EqualTo(profile.Clusters), name);
        }

        Assert.That(withBad.ErrorsFor(new ObjectRef("HTTPRoute", "default", "good")), Is.Empty);
        Assert.That(withBad.ErrorsFor(new ObjectRef("HTTPRoute", "default", "bad")), Is.Not.Empty);
    }

    [Test]
    public void MissingBackend_IsReportedOnTheRouteField_AndGives500AtTheGateway_AndNothingForProxyless()
    {
        var route = new ObjectRef("HTTPRoute", "default", "r");
        var result = Compiler.Compile(new ModelBuilder()
            .Service("default", "web", ("http", 80))
            .Gateway("default", "gw", Http("web", 80))
            .Route(HttpRoute("default", "r", [Gw("gw"), Svc("web")], [], Rule([Prefix("/x")], Backend("ghost", 80))))
            .Build());

        Assert.That(result.ErrorsFor(route).Select(e => (e.Field, e.Reason)), Does.Contain(("spec.rules[0].backendRefs[0]", "BackendNotFound")));
        Assert.That(result.StatusesFor(route).Select(s => s.Condition("ResolvedRefs")!.Reason), Is.All.EqualTo("BackendNotFound"));
        var gateway = Routes(result.Profiles["gateway/default/gw"]).Single(r => r.Name.StartsWith("HTTPRoute/", StringComparison.Ordinal));
        Assert.That(gateway.DirectResponse?.Status, Is.EqualTo(500));
        Assert.That(Routes(result.Profiles["proxyless"]).Where(r => r.Name.StartsWith("HTTPRoute/", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public void WeightsSummingToZero_AreRejected_WithAnError()
    {
        var result = Compiler.Compile(new ModelBuilder()
            .Service("default", "a", ("grpc", 50051)).Service("default", "b", ("grpc", 50051))
            .Route(HttpRoute("default", "r", [Svc("a")], [], Rule(Backend("a", 50051, 0), Backend("b", 50051, 0))))
            .Build());

        var a = result.Profiles["proxyless"].RouteConfigurations.Single(c => c.Name == "a.default.svc:50051");
        Assert.That(a.VirtualHosts.SelectMany(v => v.Routes), Is.Empty, "a Service with an attached route gets no default route; the zero-weight route is dropped");
        Assert.That(result.ErrorsFor(new ObjectRef("HTTPRoute", "default", "r")).Single().Message, Does.Contain("sum to zero"));
    }

    [Test]
    public void UnusableAuthentication_FailsClosed()
    {
        var result = Compiler.Compile(new ModelBuilder()
            .Service("default", "web", ("http", 80))
            .Gateway("default", "gw", Http("web", 80), Http("other", 8080))
            .Route(HttpRoute("default", "r", [Gw("gw", "web")], [], Rule([Prefix("/jwt")], Backend("web", 80))))
            .Route(HttpRoute("default", "s", [Gw("gw", "other")], [], Rule([Prefix("/authz")], Backend("web", 80))))
            .Policy("default", "jwt", Target("HTTPRoute", "r"), new XdsControlPlane.Model.Policies.PolicySpec
            {
                Jwt = new([new("p", "iss", [], null, "https://idp/jwks", Backend("idp", 443), null)], Required: true),
            })
            .Policy("default", "authz", Target("Gateway", "gw", "other"), new XdsControlPlane.Model.Policies.PolicySpec
            {
                ExtAuthz = new(Backend("authz", 9001), null, false),
            })
            .Build());

        var routes = Routes(result.Profiles["gateway/default/gw"]).ToDictionary(r => r.Name);
        Assert.That(routes["HTTPRoute/default/r/rule/0/match/0"].DirectResponse?.Status, Is.EqualTo(401));
        Assert.That(routes["HTTPRoute/default/s/rule/0/match/0"].DirectResponse?.Status, Is.EqualTo(503));
        Assert.That(result.ErrorsFor(new ObjectRef("XdsPolicy", "default", "jwt")).Select(e => e.Reason), Does.Contain("BackendNotFound"));
        Assert.That(result.ErrorsFor(new ObjectRef("XdsPolicy", "default", "authz")).Select(e => e.Field), Does.Contain("spec.extAuthz.backendRef"));
    }

    [Test]
    public void InvalidPolicyValues_AreReported_AndLeftOut()
    {
        var result = Compiler.Compile(new ModelBuilder()
            .Service("default", "web", ("http", 80))
            .Gateway("default", "gw", Http("web", 80))
            .Route(HttpRoute("default", "r", [Gw("gw")], [], Rule(Backend("web", 80))))
            .Policy("default", "bad", Target("Service", "web"), new XdsControlPlane.Model.Policies.PolicySpec
            {
                Connection = new(TimeSpan.Zero, null, null, null, null),
                HealthCheck = new("Http", "/", null, TimeSpan.Zero, TimeSpan.FromSeconds(1), 1, 1),
                RateLimit = new(0, TimeSpan.FromSeconds(1), null),
                Retry = new(2, null, [], [], TimeSpan.FromSeconds(-1), null),
            })
            .Build());

        var gateway = result.Profiles["gateway/default/gw"];
        var cluster = gateway.Clusters.Single();
        Assert.That(cluster.ConnectTimeout.ToTimeSpan(), Is.EqualTo(TimeSpan.FromSeconds(5)));
        Assert.That(cluster.HealthChecks, Is.Empty);
        var route = Routes(gateway).Single();
        Assert.That(route.TypedPerFilterConfig, Is.Empty);
        Assert.That(route.Route_.RetryPolicy.RetryBackOff, Is.Null);
        Assert.That(result.ErrorsFor(new ObjectRef("XdsPolicy", "default", "bad")).Where(e => e.Reason == "Invalid").Select(e => e.Field),
            Is.EquivalentTo(new[] { "spec.connection.connectTimeout", "spec.healthCheck", "spec.rateLimit", "spec.retry.backoffBase" }));
    }

    [Test]
    public void InputOrder_DoesNotChangeOutput()
    {
        var routes = new[]
        {
            HttpRoute("default", "b", [Gw("gw")], [], Rule([Prefix("/b")], Backend("web", 80))),
            HttpRoute("default", "a", [Gw("gw")], [], Rule([Prefix("/a")], Backend("web", 80))),
        };
        ModelContext Build(IEnumerable<HttpRouteModel> ordered)
        {
            var builder = new ModelBuilder().Service("default", "web", ("http", 80)).Gateway("default", "gw", Http("web", 80));
            foreach (var route in ordered)
            {
                builder.Route(route);
            }

            return builder.Build();
        }

        var forward = Compiler.Compile(Build(routes)).Profiles["gateway/default/gw"].All().Select(m => m.ToByteArray());
        var backward = Compiler.Compile(Build(routes.Reverse())).Profiles["gateway/default/gw"].All().Select(m => m.ToByteArray());
        Assert.That(backward, Is.EqualTo(forward));
    }

    [Test]
    public void EmptyModel_GivesAnEmptyProxylessProfile()
    {
        var result = Compiler.Compile(ModelContext.Empty);
        Assert.That(result.Profiles.Keys, Is.EqualTo(new[] { "proxyless" }));
        Assert.That(result.Profiles["proxyless"].All(), Is.Empty);
        Assert.That(result.Errors, Is.Empty);
    }

    private static IEnumerable<Route> Routes(ProfileResources profile) =>
        profile.RouteConfigurations.SelectMany(c => c.VirtualHosts).SelectMany(v => v.Routes);
}
