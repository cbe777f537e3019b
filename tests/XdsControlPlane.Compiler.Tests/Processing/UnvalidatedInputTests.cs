using Envoy.Extensions.Filters.Http.Rbac.V3;
using XdsControlPlane.Compiler.Tests.Support;
using XdsControlPlane.Model;
using XdsControlPlane.Model.Policies;
using static XdsControlPlane.Compiler.Tests.Support.ModelBuilder;

namespace XdsControlPlane.Compiler.Tests.Processing;

/// <summary>
/// Input that every source refuses before it reaches a model (the Model validators run on each mapped object), so the
/// golden cases, which are manifests, cannot hold it. The compiler takes any model, so for a model built in code it
/// still leaves such input out, reports it on the field, serves the rest and never widens access.
/// </summary>
public sealed class UnvalidatedInputTests
{
    [Test]
    public void APathWithoutSlashAndABrokenHeaderPattern_AreDroppedAndReported_TheRuleBeforeThemServed()
    {
        var model = new ModelBuilder()
            .Service("default", "a", ("http", 80))
            .Gateway("default", "gw", Http("web", 80))
            .Route(HttpRoute("default", "api", [Gw("gw")], [],
                Rule([Prefix("/api")], Backend("a", 80)),
                Rule([new RouteMatch(new PathMatch("Exact", "no-slash"), [], [], null, null)], Backend("a", 80)),
                Rule([new RouteMatch(null, [new ValueMatch("RegularExpression", "x-id", "([a-z]+")], [], null, null)], Backend("a", 80))))
            .Build();

        var result = Compiler.Compile(model);

        var errors = result.Errors.Where(e => e.Object.Name == "api").Select(e => $"{e.Field} [{e.Reason}] {e.Message}").ToList();
        Assert.That(errors, Has.Count.EqualTo(2));
        Assert.That(errors[0], Does.StartWith("spec.rules[1].matches[0] [UnsupportedValue] path 'no-slash' must start with '/'"));
        Assert.That(errors[1], Does.StartWith("spec.rules[2].matches[0] [UnsupportedValue] '([a-z]+' is not a valid regular expression"));
        var routes = result.Profiles["gateway/default/gw"].RouteConfigurations.Single().VirtualHosts.SelectMany(v => v.Routes).Select(r => r.Name);
        Assert.That(routes, Is.EqualTo(new[] { "HTTPRoute/default/api/rule/0/match/0" }));
    }

    [Test]
    public void AnAllowRuleWhoseOnlySourceRangeIsInvalid_IsDroppedNotWidened_AndABareAddressIsOneHost()
    {
        const string spiffe = "spiffe://cluster.local/ns/default/sa/web";
        var model = new ModelBuilder()
            .Service("default", "web", ("http", 80))
            .Gateway("default", "gw", Http("web", 80))
            .Route(HttpRoute("default", "app", [Gw("gw")], [], Rule([Prefix("/")], Backend("web", 80))))
            .Policy("default", "allow", Target("HTTPRoute", "app"), new PolicySpec
            {
                Rbac = new RbacPolicy("Allow",
                [
                    new RbacRule([spiffe], [], ["not-a-cidr"]),
                    new RbacRule([spiffe], [], ["192.168.1.1"]),
                ]),
            })
            .Build();

        var result = Compiler.Compile(model);

        Assert.That(result.Errors.Select(e => $"{e.Object.Name} {e.Field} [{e.Reason}] {e.Message}"),
            Is.EqualTo(new[] { "allow spec.rbac.rules [Invalid] 'not-a-cidr' is not a CIDR range" }));
        var route = result.Profiles["gateway/default/gw"].RouteConfigurations.Single().VirtualHosts.SelectMany(v => v.Routes).Single();
        var rbac = route.TypedPerFilterConfig["envoy.filters.http.rbac"].Unpack<RBACPerRoute>().Rbac.Rules;
        Assert.That(rbac.Action, Is.EqualTo(Envoy.Config.Rbac.V3.RBAC.Types.Action.Allow));
        var policy = rbac.Policies.Single();
        Assert.That(policy.Key, Does.EndWith("/rule/1"), "the rule left with no valid range is gone, not kept without its range");
        var ranges = policy.Value.Principals.Single().AndIds.Ids
            .SelectMany(p => p.OrIds is { } any ? any.Ids : [p]).Select(p => p.DirectRemoteIp).OfType<Envoy.Config.Core.V3.CidrRange>();
        var range = ranges.Single();
        Assert.That((range.AddressPrefix, range.PrefixLen), Is.EqualTo(("192.168.1.1", 32u)));
    }
}
