using XdsControlPlane.Compiler.Processing;
using XdsControlPlane.Model;
using static XdsControlPlane.Compiler.Tests.Support.ModelBuilder;

namespace XdsControlPlane.Compiler.Tests.Processing;

public sealed class PrecedenceTests
{
    [Test]
    public void Orders_AsGatewayApiRanksMatches()
    {
        var route = HttpRoute("default", "r", [], [], Rule(Backend("web", 80)));
        RouteEntry Entry(int rule, string type, string path, string? method = null, int headers = 0, int query = 0) => new(route, rule, 0,
            new MatchKey(type, path, method,
                [.. Enumerable.Range(0, headers).Select(i => new ValueMatch("Exact", $"h{i}", "v"))],
                [.. Enumerable.Range(0, query).Select(i => new ValueMatch("Exact", $"q{i}", "v"))]), []);

        var entries = new[]
        {
            Entry(0, MatchKey.Prefix, "/"),
            Entry(1, MatchKey.Prefix, "/api"),
            Entry(2, MatchKey.Prefix, "/api", query: 2),
            Entry(3, MatchKey.Prefix, "/api", headers: 1),
            Entry(4, MatchKey.Prefix, "/api", method: "GET"),
            Entry(5, MatchKey.Regex, "/api/.*"),
            Entry(6, MatchKey.Exact, "/api/x"),
            Entry(7, MatchKey.Prefix, "/api", headers: 2),
        };

        var ordered = entries.Reverse().OrderBy(e => e, Precedence.Instance).Select(e => e.RuleIndex);
        Assert.That(ordered, Is.EqualTo(new[] { 6, 5, 4, 7, 3, 2, 1, 0 }));
    }

    [Test]
    public void GrpcMatches_RankExactFirst_ThenServiceLength_ThenMethodLength()
    {
        var route = GrpcRoute("default", "g", [], [], Rule(Backend("echo", 50051)));
        RouteEntry Entry(int rule, bool regex, int service, int method) =>
            new(route, rule, 0, new MatchKey(regex ? MatchKey.Regex : MatchKey.Exact, $"/{rule}", null, [], [], (regex, service, method)), []);
        var entries = new[] { Entry(0, true, 20, 20), Entry(1, false, 0, 6), Entry(2, false, 9, 0), Entry(3, false, 9, 3) };

        Assert.That(entries.OrderBy(e => e, Precedence.Instance).Select(e => e.RuleIndex), Is.EqualTo(new[] { 3, 2, 1, 0 }));
    }

    [Test]
    public void Ties_GoToTheOldestRoute_ThenNamespaceAndName()
    {
        RouteEntry Entry(string ns, string name, DateTimeOffset? created) =>
            new(HttpRoute(ns, name, [], [], Rule(Backend("web", 80))) with { CreatedAt = created }, 0, 0, new MatchKey(MatchKey.Prefix, "/", null, [], []), []);
        var entries = new[]
        {
            Entry("b", "x", Epoch),
            Entry("a", "y", Epoch),
            Entry("z", "z", null),
            Entry("z", "old", Epoch.AddDays(-1)),
        };

        var ordered = entries.OrderBy(e => e, Precedence.Instance).Select(e => $"{e.Route.Ref.Namespace}/{e.Route.Ref.Name}");
        Assert.That(ordered, Is.EqualTo(new[] { "z/old", "a/y", "b/x", "z/z" }));
    }
}
