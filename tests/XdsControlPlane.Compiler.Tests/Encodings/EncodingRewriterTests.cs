using Envoy.Config.Cluster.V3;
using Envoy.Config.Route.V3;
using Envoy.Type.Matcher.V3;
using XdsControlPlane.Compiler.Encodings;
using XdsControlPlane.Compiler.Validation;

namespace XdsControlPlane.Compiler.Tests.Encodings;

/// <summary>
/// What each encoding variant changes, resource by resource: the older header matcher forms, total_weight, ring hash
/// withheld; and that everything else is left alone (null: the proxyless resource itself).
/// </summary>
public sealed class EncodingRewriterTests
{
    private static RouteConfiguration Routes(Action<Route> change)
    {
        var route = new Route { Name = "r", Match = new RouteMatch { Prefix = "/" }, Route_ = new RouteAction { Cluster = "default/echo:50051" } };
        change(route);
        var host = new VirtualHost { Name = "v", Domains = { "*" }, Routes = { route } };
        return new RouteConfiguration { Name = "echo.default.svc:50051", VirtualHosts = { host } };
    }

    private static string Json(Google.Protobuf.IMessage message) =>
        System.Text.RegularExpressions.Regex.Replace(Support.EnvoyJson.Message(message), "\\s", string.Empty);

    private static HeaderMatcher Header(StringMatcher match) => new() { Name = "x-canary", StringMatch = match };

    private static IEnumerable<TestCaseData> HeaderForms()
    {
        yield return new TestCaseData(new StringMatcher { Exact = "true" }, "\"exactMatch\":\"true\"").SetName("Legacy_Exact");
        yield return new TestCaseData(new StringMatcher { Prefix = "tr" }, "\"prefixMatch\":\"tr\"").SetName("Legacy_Prefix");
        yield return new TestCaseData(new StringMatcher { Suffix = "ue" }, "\"suffixMatch\":\"ue\"").SetName("Legacy_Suffix");
        yield return new TestCaseData(new StringMatcher { Contains = "ru" }, "\"containsMatch\":\"ru\"").SetName("Legacy_Contains");
        yield return new TestCaseData(new StringMatcher { SafeRegex = new RegexMatcher { Regex = "t.*" } }, "\"safeRegexMatch\":{\"regex\":\"t.*\"}").SetName("Legacy_Regex");
        yield return new TestCaseData(new StringMatcher { Exact = "a.b", IgnoreCase = true }, "\"safeRegexMatch\":{\"regex\":\"(?i)a\\\\.b\"}").SetName("Legacy_IgnoreCaseAsRegex");
    }

    [TestCaseSource(nameof(HeaderForms))]
    public void GrpcLegacy_RewritesStringMatchToTheOneOfForm(StringMatcher match, string expected)
    {
        var source = Routes(r => r.Match.Headers.Add(Header(match)));
        var before = source.Clone();

        var rewritten = (RouteConfiguration)EncodingRewriter.Rewrite(source, ClientEncodings.GrpcLegacy)!;

        var json = Json(rewritten);
        Assert.Multiple(() =>
        {
            Assert.That(json, Does.Contain(expected).And.Not.Contain("stringMatch"));
            Assert.That(source, Is.EqualTo(before), "the proxyless resource is not modified");
            Assert.That(ProtoConstraints.Envoy.Check(rewritten), Is.Empty);
        });
    }

    [Test]
    public void GrpcLegacy_SetsTotalWeightToTheSum()
    {
        var source = Routes(r => r.Route_ = new RouteAction
        {
            WeightedClusters = new WeightedCluster { Clusters = { new WeightedCluster.Types.ClusterWeight { Name = "a", Weight = 1 }, new WeightedCluster.Types.ClusterWeight { Name = "b", Weight = 2 } } },
        });

        var rewritten = (RouteConfiguration)EncodingRewriter.Rewrite(source, ClientEncodings.GrpcLegacy)!;

        Assert.That(Json(rewritten), Does.Contain("\"totalWeight\":3"));
    }

    [Test]
    public void GrpcLegacy_KeepsRingHash_GrpcCore151_WithholdsIt()
    {
        var cluster = new Cluster { Name = "default/echo:50051", LbPolicy = Cluster.Types.LbPolicy.RingHash, RingHashLbConfig = new Cluster.Types.RingHashLbConfig() };
        var routes = Routes(r => r.Route_.HashPolicy.Add(new RouteAction.Types.HashPolicy { Header = new RouteAction.Types.HashPolicy.Types.Header { HeaderName = "x-user" } }));

        var roundRobin = (Cluster)EncodingRewriter.Rewrite(cluster, ClientEncodings.GrpcCore151)!;
        var unhashed = (RouteConfiguration)EncodingRewriter.Rewrite(routes, ClientEncodings.GrpcCore151)!;

        Assert.Multiple(() =>
        {
            Assert.That(EncodingRewriter.Rewrite(cluster, ClientEncodings.GrpcLegacy), Is.Null, "older releases other than 1.50-1.51 get ring hash");
            Assert.That(EncodingRewriter.Rewrite(routes, ClientEncodings.GrpcLegacy), Is.Null);
            Assert.That(roundRobin.LbPolicy, Is.EqualTo(Cluster.Types.LbPolicy.RoundRobin));
            Assert.That(roundRobin.LbConfigCase, Is.EqualTo(Cluster.LbConfigOneofCase.None));
            Assert.That(unhashed.VirtualHosts[0].Routes[0].Route_.HashPolicy, Is.Empty);
            Assert.That(cluster.LbPolicy, Is.EqualTo(Cluster.Types.LbPolicy.RingHash), "the proxyless resource is not modified");
        });
    }

    [Test]
    public void WhatNoEncodingTouches_IsReportedUnchanged()
    {
        var plain = Routes(r => r.Match.Headers.Add(new HeaderMatcher { Name = "x", PresentMatch = true }));
        var cluster = new Cluster { Name = "default/echo:50051", LbPolicy = Cluster.Types.LbPolicy.RoundRobin };

        foreach (var encoding in ClientEncodings.All)
        {
            Assert.That(EncodingRewriter.Rewrite(plain, encoding), Is.Null, encoding.Name);
            Assert.That(EncodingRewriter.Rewrite(cluster, encoding), Is.Null, encoding.Name);
        }
    }
}
