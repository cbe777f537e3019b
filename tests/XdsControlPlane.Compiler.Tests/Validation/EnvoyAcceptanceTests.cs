using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Http.Fault.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Envoy.Type.Matcher.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using XdsControlPlane.Compiler.Validation;
using R = XdsControlPlane.Compiler.Tests.Validation.RealisticResources;

namespace XdsControlPlane.Compiler.Tests.Validation;

/// <summary>
/// Each rule Envoy enforces at load beyond the validate annotations, on a configuration Envoy would reject: the
/// checker names the rule and the part, leaves out exactly that part, and keeps the rest (the input untouched).
/// </summary>
public sealed class EnvoyAcceptanceTests
{
    private static ProfileResources Profile(IEnumerable<Listener>? listeners = null, IEnumerable<RouteConfiguration>? routes = null, IEnumerable<Envoy.Config.Cluster.V3.Cluster>? clusters = null) =>
        new("p", [.. listeners ?? [R.Listener()]], [.. routes ?? [R.Routes()]], [.. clusters ?? [R.Cluster(), R.Cluster("backend-v2")]], [R.Endpoints(), R.Endpoints("backend-v2")], []);

    private static ProfileResources WithRoutes(Action<RouteConfiguration> change)
    {
        var routes = R.Routes();
        change(routes);
        return Profile(routes: [routes]);
    }

    private static ProfileResources WithHcm(Action<HttpConnectionManager> change, bool api = false)
    {
        var hcm = R.HttpConnectionManager();
        change(hcm);
        var listener = api ? new Listener { Name = "echo.default.svc:50051", ApiListener = new ApiListener { ApiListener_ = Any.Pack(hcm) } } : R.Listener(hcm: hcm);
        return Profile(listeners: [listener, R.Listener("other", null).WithPort(9443)]);
    }

    private static HttpFilter Fault() => new() { Name = "envoy.filters.http.fault", TypedConfig = Any.Pack(new HTTPFault()) };

    private static IEnumerable<TestCaseData> Broken()
    {
        yield return Case("DuplicateDomain_CaseInsensitive", WithRoutes(r => r.VirtualHosts.Add(Host("second", "API.example.com"))),
            EnvoyRules.DuplicateDomain, "virtual_hosts[1].routes[0]", "virtual host", a => Assert.That(a.RouteConfigurations[0].VirtualHosts.Select(v => v.Name), Is.EqualTo(new[] { "api" })));
        yield return Case("DuplicateDomain_SecondWildcard", WithRoutes(r => { r.VirtualHosts.Add(Host("any", "*")); r.VirtualHosts.Add(Host("any-2", "*")); }),
            EnvoyRules.DuplicateDomain, "virtual_hosts[2].routes[0]", "virtual host", a => Assert.That(a.RouteConfigurations[0].VirtualHosts, Has.Count.EqualTo(2)));
        yield return Case("DuplicateListenerName", Profile(listeners: [R.Listener(), R.Listener().WithPort(9443)]),
            EnvoyRules.DuplicateListenerName, "name", "listener", a => Assert.That(a.Listeners, Has.Count.EqualTo(1)));
        yield return Case("DuplicateListenerAddress", Profile(listeners: [R.Listener("a"), R.Listener("b")]),
            EnvoyRules.DuplicateListenerAddress, "address", "listener", a => Assert.That(a.Listeners.Select(l => l.Name), Is.EqualTo(new[] { "a" })));
        yield return Case("DuplicateFilterChainMatch_NoMatch", Profile(listeners: [TwoChains(null, null), R.Listener("other").WithPort(9443)]),
            EnvoyRules.DuplicateFilterChainMatch, "filter_chains[1].filter_chain_match", "filter chain", a => Assert.That(a.Listeners[0].FilterChains, Has.Count.EqualTo(1)));
        yield return Case("DuplicateFilterChainMatch_SharedServerNameInAnyCase", Profile(listeners: [TwoChains(["a.example.com", "b.example.com"], ["B.example.com"])]),
            EnvoyRules.DuplicateFilterChainMatch, "filter_chains[1].filter_chain_match", "filter chain", a => Assert.That(a.Listeners[0].FilterChains, Has.Count.EqualTo(1)));
        yield return Case("RouterNotLast", WithHcm(h => h.HttpFilters.Add(Fault())),
            EnvoyRules.RouterLast, "filter_chains[0].filters[0].typed_config.http_filters[0]", "filter chain", a => Assert.That(a.Listeners.Select(l => l.Name), Is.EqualTo(new[] { "other" })));
        yield return Case("RouterNotLast_ApiListener", WithHcm(h => h.HttpFilters.Add(Fault()), api: true),
            EnvoyRules.RouterLast, "api_listener.api_listener.http_filters[0]", "listener", a => Assert.That(a.Listeners.Select(l => l.Name), Is.EqualTo(new[] { "other" })));
        yield return Case("DuplicateHttpFilterName", WithHcm(h => { h.HttpFilters.Insert(0, Fault()); h.HttpFilters.Insert(0, Fault()); }),
            EnvoyRules.DuplicateHttpFilterName, "filter_chains[0].filters[0].typed_config.http_filters[1].name", "filter chain", a => Assert.That(a.Listeners, Has.Count.EqualTo(1)));
        yield return Case("UnknownClusterWithValidateClusters", WithRoutes(r => { r.ValidateClusters = true; r.VirtualHosts[0].Routes[0].Route_.Cluster = "missing"; }),
            EnvoyRules.UnknownCluster, "virtual_hosts[0].routes[0].route.cluster", "route", a => Assert.That(a.RouteConfigurations[0].VirtualHosts[0].Routes, Has.Count.EqualTo(2)));
        yield return Case("InvalidRegex_Lookahead", WithRoutes(r => r.VirtualHosts[0].Routes[0].Match = new RouteMatch { SafeRegex = new RegexMatcher { Regex = "/a(?=b)" } }),
            EnvoyRules.InvalidRegex, "virtual_hosts[0].routes[0].match.safe_regex", "route", a => Assert.That(a.RouteConfigurations[0].VirtualHosts[0].Routes, Has.Count.EqualTo(2)));
        yield return Case("UnmodifiableHeader_SetHost", WithRoutes(r => r.VirtualHosts[0].Routes[0].RequestHeadersToAdd.Add(Header("Host", "x"))),
            EnvoyRules.UnmodifiableHeader, "virtual_hosts[0].routes[0].request_headers_to_add[1].header.key", "route", a => Assert.That(a.RouteConfigurations[0].VirtualHosts[0].Routes, Has.Count.EqualTo(2)));
        yield return Case("UnmodifiableHeader_RemovePseudoHeader", WithRoutes(r => r.VirtualHosts[0].Routes[1].ResponseHeadersToRemove.Add(":status")),
            EnvoyRules.UnmodifiableHeader, "virtual_hosts[0].routes[1].response_headers_to_remove[0]", "route", a => Assert.That(a.RouteConfigurations[0].VirtualHosts[0].Routes, Has.Count.EqualTo(2)));
        yield return Case("WeightsSumToZero", WithRoutes(r => { foreach (var c in r.VirtualHosts[0].Routes[1].Route_.WeightedClusters.Clusters) { c.Weight = 0; } }),
            EnvoyRules.WeightsSumToZero, "virtual_hosts[0].routes[1].route.weighted_clusters", "route", a => Assert.That(a.RouteConfigurations[0].VirtualHosts[0].Routes, Has.Count.EqualTo(2)));
        yield return Case("UnknownTypedConfig_PerRoute", WithRoutes(r => r.VirtualHosts[0].Routes[2].TypedPerFilterConfig.Add("acme", new Any { TypeUrl = "type.googleapis.com/acme.Unknown" })),
            EnvoyRules.UnknownTypedConfig, "virtual_hosts[0].routes[2].typed_per_filter_config[\"acme\"]", "route", a => Assert.That(a.RouteConfigurations[0].VirtualHosts[0].Routes, Has.Count.EqualTo(2)));
        yield return Case("UnknownTypedConfig_HttpFilter", WithHcm(h => h.HttpFilters.Insert(0, new HttpFilter { Name = "acme", TypedConfig = new Any { TypeUrl = "type.googleapis.com/acme.Filter" } })),
            EnvoyRules.UnknownTypedConfig, "filter_chains[0].filters[0].typed_config.http_filters[0].typed_config", "filter chain", a => Assert.That(a.Listeners, Has.Count.EqualTo(1)));
        var unknownSocket = R.Cluster("backend-v2");
        unknownSocket.TransportSocket.TypedConfig = new Any { TypeUrl = "type.googleapis.com/acme.Tls" };
        yield return Case("UnknownTypedConfig_TransportSocket", Profile(clusters: [R.Cluster(), unknownSocket]),
            EnvoyRules.UnknownTypedConfig, "transport_socket.typed_config", "cluster", a => Assert.That(a.Clusters.Select(c => c.Name), Is.EqualTo(new[] { "backend" })));
    }

    private static TestCaseData Case(string name, ProfileResources profile, EnvoyRule rule, string path, string leftOut, Action<ProfileResources> rest) =>
        new TestCaseData(profile, rule, path, leftOut, rest).SetName($"Rejects_{name}");

    [TestCaseSource(nameof(Broken))]
    public void ABrokenRule_IsReportedAndOnlyThatPartLeftOut(ProfileResources profile, EnvoyRule rule, string path, string leftOut, Action<ProfileResources> rest)
    {
        var before = profile.All().Select(m => m.ToByteString()).ToList();

        var (accepted, violations) = EnvoyAcceptance.Check(profile);

        Assert.Multiple(() =>
        {
            Assert.That(violations.Select(v => (v.Rule, v.Path, v.LeftOut)), Is.EqualTo(new[] { (rule, path, leftOut) }), string.Join("\n", violations));
            Assert.That(violations[0].Rule.Source, Does.StartWith("source/").Or.StartWith("api/"), "the rule cites where Envoy states it");
            rest(accepted);
            Assert.That(profile.All().Select(m => m.ToByteString()), Is.EqualTo(before), "the input is not modified");
            Assert.That(EnvoyAcceptance.Check(accepted).Violations, Is.Empty, "what is left is accepted");
        });
    }

    [Test]
    public void EveryRule_HasACaseEnvoyRejects() =>
        Assert.That(Broken().Select(c => ((EnvoyRule)c.Arguments[1]!).Id).Distinct(), Is.EquivalentTo(EnvoyRules.All.Select(r => r.Id)));

    [Test]
    public void AValidProfile_IsReturnedAsItIs()
    {
        var profile = Profile(listeners: [R.Listener(), R.Listener("other").WithPort(9443)]);

        var (accepted, violations) = EnvoyAcceptance.Check(profile);

        Assert.That(violations, Is.Empty);
        Assert.That(accepted, Is.SameAs(profile));
    }

    [Test]
    public void UnknownClusters_AreFine_WithoutValidateClusters() =>
        Assert.That(EnvoyAcceptance.Check(WithRoutes(r => r.VirtualHosts[0].Routes[0].Route_.Cluster = "missing")).Violations, Is.Empty);

    private static VirtualHost Host(string name, string domain) => new()
    {
        Name = name,
        Domains = { domain },
        Routes = { new Route { Match = new RouteMatch { Prefix = "/" }, DirectResponse = new DirectResponseAction { Status = 200 } } },
    };

    private static Envoy.Config.Core.V3.HeaderValueOption Header(string key, string value) => new() { Header = new Envoy.Config.Core.V3.HeaderValue { Key = key, Value = value } };

    private static Listener TwoChains(string[]? first, string[]? second)
    {
        var listener = R.Listener();
        listener.FilterChains.Add(listener.FilterChains[0].Clone());
        foreach (var (chain, names) in new[] { (listener.FilterChains[0], first), (listener.FilterChains[1], second) })
        {
            chain.Name = names?[0] ?? chain.Name + "-2";
            if (names is not null)
            {
                chain.FilterChainMatch = new FilterChainMatch();
                chain.FilterChainMatch.ServerNames.AddRange(names);
            }
        }

        listener.FilterChains[0].Name = "first";
        return listener;
    }
}
