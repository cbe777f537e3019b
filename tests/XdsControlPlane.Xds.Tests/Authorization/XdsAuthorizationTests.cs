using XdsControlPlane.Xds.Protocol.Authorization;

namespace XdsControlPlane.Xds.Tests.Authorization;

/// <summary>SPIFFE IDs, the default rule and declared rules, decided without a network.</summary>
public sealed class XdsAuthorizationTests
{
    private static readonly ClientIdentity s_ingress = ClientIdentity.Parse("spiffe://cluster.local/ns/ingress/sa/envoy");

    [TestCase("spiffe://cluster.local/ns/web/sa/envoy", "web", "envoy")]
    [TestCase("spiffe://example.org/workload/a", null, null)]
    public void Parse_TakesNamespaceAndServiceAccountFromTheKubernetesForm(string id, string? ns, string? sa) =>
        Assert.That(ClientIdentity.Parse(id), Is.EqualTo(new ClientIdentity(id, ns, sa)));

    [TestCase("https://cluster.local/ns/a/sa/b")]
    [TestCase("spiffe://cluster.local")]
    [TestCase("spiffe://cluster.local/")]
    [TestCase("spiffe://cluster.local/ns//sa/b")]
    [TestCase("spiffe://cluster.local/ns/../sa/b")]
    [TestCase("spiffe://cluster.local/ns/a/sa/b?x=1")]
    public void Parse_RefusesWhatIsNotASpiffeId(string id) => Assert.Throws<FormatException>(() => ClientIdentity.Parse(id));

    [TestCase("gateway/ingress/public", true)]
    [TestCase("gateway/ingress/internal", true)]
    [TestCase("proxyless", true)]
    [TestCase("proxyless@grpc-legacy", true)]
    [TestCase("default", true)]
    [TestCase("gateway/default/secure", false)]
    [TestCase("gateway/ingress", false)]
    [TestCase("canary", false)]
    public void DefaultRule_OwnNamespaceGatewaysProxylessAndDefault(string profile, bool allowed) =>
        Assert.That(new XdsAuthorization(mutualTls: true).Authorize(s_ingress, profile) is null, Is.EqualTo(allowed));

    [Test]
    public void DeclaredRules_FirstMatchDecidesBeforeTheDefaultRule()
    {
        var authorization = new XdsAuthorization(mutualTls: true, rules:
        [
            new AuthorizationRule("no-public", ["spiffe://cluster.local/ns/ingress/sa/*"], ["gateway/{namespace}/public"], Deny: true),
            new AuthorizationRule("edge-for-ingress", ["spiffe://cluster.local/ns/ingress/sa/envoy"], ["gateway/edge/*"]),
        ]);

        Assert.That(authorization.Authorize(s_ingress, "gateway/ingress/public"), Is.EqualTo(
            "identity 'spiffe://cluster.local/ns/ingress/sa/envoy' may not act as profile 'gateway/ingress/public': denied by rule 'no-public'"));
        Assert.That(authorization.Authorize(s_ingress, "gateway/edge/a"), Is.Null, "widened by a declared rule");
        Assert.That(authorization.Authorize(s_ingress, "gateway/ingress/other"), Is.Null, "the default rule still applies");
        Assert.That(authorization.Authorize(s_ingress, "gateway/default/secure"), Does.EndWith(
            "no rule allows it (rules tried: 'no-public', 'edge-for-ingress', 'default'; the default rule allows only its own namespace's Gateways (gateway/<namespace>/*), proxyless and default)"));
    }

    [Test]
    public void WithoutTheDefaultRule_OnlyDeclaredRulesAllow()
    {
        var authorization = new XdsAuthorization(mutualTls: true, rules: [new AuthorizationRule("proxyless-only", ["spiffe://cluster.local/**"], ["proxyless"])], defaultRule: false);

        Assert.That(authorization.Authorize(s_ingress, "gateway/ingress/public"), Does.Contain("no rule allows it (rules tried: 'proxyless-only')"));
    }

    [Test]
    public void FleetRead_OffByDefault_OnForAMatchingRule()
    {
        var reader = ClientIdentity.Parse("spiffe://cluster.local/ns/ops/sa/status");
        var authorization = new XdsAuthorization(mutualTls: true, rules: [new AuthorizationRule("ops", ["spiffe://cluster.local/ns/ops/sa/*"], [], ReadFleet: true)]);

        Assert.That(new XdsAuthorization(mutualTls: true).AuthorizeFleetRead(reader), Does.Contain("may not read the fleet"));
        Assert.That(authorization.AuthorizeFleetRead(reader), Is.Null);
        Assert.That(authorization.AuthorizeFleetRead(s_ingress), Is.Not.Null);
        Assert.That(new XdsAuthorization(mutualTls: false).AuthorizeFleetRead(null), Is.Null, "without identities CSDS is as open as the port");
    }

    [TestCase("spiffe://*/ns/*/sa/*", "spiffe://td/ns/a/sa/b", true)]
    [TestCase("spiffe://td/ns/a*/sa/b", "spiffe://td/ns/abc/sa/b", true)]
    [TestCase("spiffe://td/ns/*", "spiffe://td/ns/a/sa/b", false)]
    [TestCase("gateway/*/public", "gateway/a/public", true)]
    [TestCase("gateway/*/public", "gateway/a/b/public", false)]
    [TestCase("a*b*c", "axxbyyc", true)]
    [TestCase("a*b*c", "axxbyy", false)]
    public void Patterns_StarStaysWithinOneSegment(string pattern, string value, bool matches) =>
        Assert.That(new AuthorizationRule("r", [pattern], []).MatchesIdentity(new ClientIdentity(value, null, null)), Is.EqualTo(matches));
}
