using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Rbac.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Envoy.Type.Matcher.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using XdsControlPlane.Compiler.Validation;
using R = XdsControlPlane.Compiler.Tests.Validation.RealisticResources;
using UpstreamHttpOptions = Envoy.Extensions.Upstreams.Http.V3.HttpProtocolOptions;

namespace XdsControlPlane.Compiler.Tests.Validation;

/// <summary>
/// One broken field in an otherwise valid, real Envoy resource: the checker must name exactly that field path and
/// rule, and nothing else. Paths run through Any values (filter typed_config, typed_extension_protocol_options).
/// </summary>
public sealed class EnvoyViolationTests
{
    private const string PortPath = "load_assignment.endpoints[0].lb_endpoints[1].endpoint.address.socket_address.port_value";

    private static IEnumerable<TestCaseData> Broken()
    {
        // Cluster (CDS)
        yield return Case("Cluster_EmptyName_MinLen", With(R.Cluster(), c => c.Name = string.Empty), ("name", "string.min_len"));
        yield return Case("Cluster_NegativeConnectTimeout_DurationGt", With(R.Cluster(), c => c.ConnectTimeout = new Duration { Seconds = -1 }), ("connect_timeout", "duration.gt"));
        yield return Case("Cluster_ZeroConnectTimeout_DurationGtIsExclusive", With(R.Cluster(), c => c.ConnectTimeout = new Duration()), ("connect_timeout", "duration.gt"));
        yield return Case("Cluster_UndefinedLbPolicy_DefinedOnly", With(R.Cluster(), c => c.LbPolicy = (Cluster.Types.LbPolicy)99), ("lb_policy", "enum.defined_only"));
        yield return Case("Cluster_InlineEndpointPort70000_Lte", With(R.StaticCluster(), c => Port(c.LoadAssignment, 1, 70000)), (PortPath, "uint32.lte"));
        yield return Case("Cluster_HealthCheckWithoutTimeout_DurationRequired", With(R.Cluster(), c => c.HealthChecks[0].Timeout = null), ("health_checks[0].timeout", "duration.required"));
        yield return Case("Cluster_HealthCheckHostWithControlCharacter_StrictHeaderValue", With(R.Cluster(), c => c.HealthChecks[0].HttpHealthCheck.Host = "a\u0001b"), ("health_checks[0].http_health_check.host", "string.well_known_regex"));
        yield return Case("Cluster_HealthCheckHostWithTab_StrictHeaderValueAllowsTab", With(R.Cluster(), c => c.HealthChecks[0].HttpHealthCheck.Host = "a\tb"));
        yield return Case("Cluster_PanicThreshold150_DoubleLte", With(R.Cluster(), c => c.CommonLbConfig.HealthyPanicThreshold.Value = 150), ("common_lb_config.healthy_panic_threshold.value", "double.lte"));
        yield return Case("Cluster_EmptyFilterMetadataKey_MapKeys", With(R.Cluster(), c => c.Metadata.FilterMetadata.Add(string.Empty, new Struct())), ("metadata.filter_metadata[\"\"]", "map.keys.string.min_len"));
        yield return Case("Cluster_LbPolicyExtensionWithoutTypedConfig_AnyRequired", With(R.Cluster(), c => c.LoadBalancingPolicy = LbPolicyWithoutConfig()), ("load_balancing_policy.policies[0].typed_extension_config.typed_config", "any.required"));
        yield return Case("Cluster_TlsSniOver255Bytes_ThroughAny", With(R.Cluster(), c => c.TransportSocket.TypedConfig = Repack(c.TransportSocket.TypedConfig, "sni", new string('a', 250) + ".é.é")), ("transport_socket.typed_config.sni", "string.max_bytes"));
        yield return Case("Cluster_OverrideSniHeaderWithSpace_ThroughAnyInMap", With(R.Cluster(), c => SniHeader(c, "x sni")), ("typed_extension_protocol_options[\"envoy.extensions.upstreams.http.v3.HttpProtocolOptions\"].upstream_http_protocol_options.override_auto_sni_header", "string.well_known_regex"));
        yield return Case("Cluster_EmptyOverrideSniHeader_IgnoreEmpty", With(R.Cluster(), c => SniHeader(c, string.Empty)));

        // ClusterLoadAssignment (EDS)
        yield return Case("Endpoints_EmptyClusterName_MinLen", With(R.Endpoints(), e => e.ClusterName = string.Empty), ("cluster_name", "string.min_len"));
        yield return Case("Endpoints_ZeroLocalityWeight_WrappedUInt32Gte", With(R.Endpoints(), e => e.Endpoints[0].LoadBalancingWeight = 0), ("endpoints[0].load_balancing_weight", "uint32.gte"));
        yield return Case("Endpoints_SocketAddressWithoutPort_OneofRequired", With(R.Endpoints(), e => e.Endpoints[0].LbEndpoints[0].Endpoint.Address.SocketAddress.ClearPortSpecifier()), ("endpoints[0].lb_endpoints[0].endpoint.address.socket_address.port_specifier", "oneof.required"));

        // RouteConfiguration (RDS)
        yield return Case("Routes_RouteActionWithoutClusterSpecifier_OneofRequired", With(R.Routes(), r => r.VirtualHosts[0].Routes[0].Route_.ClearClusterSpecifier()), ("virtual_hosts[0].routes[0].route.cluster_specifier", "oneof.required"));
        yield return Case("Routes_WeightedClusterWithNoClusters_MinItems", With(R.Routes(), r => r.VirtualHosts[0].Routes[1].Route_.WeightedClusters.Clusters.Clear()), ("virtual_hosts[0].routes[1].route.weighted_clusters.clusters", "repeated.min_items"));
        yield return Case("Routes_HeaderMatcherNameWithNewline_HeaderName", With(R.Routes(), r => r.VirtualHosts[0].Routes[0].Match.Headers[0].Name = "x-canary\n"), ("virtual_hosts[0].routes[0].match.headers[0].name", "string.well_known_regex"));
        yield return Case("Routes_RouteWithoutMatch_MessageRequired", With(R.Routes(), r => r.VirtualHosts[0].Routes[0].Match = null), ("virtual_hosts[0].routes[0].match", "message.required"));
        yield return Case("Routes_VirtualHostWithoutDomains_MinItems", With(R.Routes(), r => r.VirtualHosts[0].Domains.Clear()), ("virtual_hosts[0].domains", "repeated.min_items"));
        yield return Case("Routes_InternalOnlyHeaderWithNewline_RepeatedItems", With(R.Routes(), r => r.InternalOnlyHeaders.Add("x-bad\r\n")), ("internal_only_headers[1]", "repeated.items.string.well_known_regex"));
        yield return Case("Routes_PathSeparatedPrefixEndingInSlash_Pattern", With(R.Routes(), r => r.VirtualHosts[0].Routes[1].Match.PathSeparatedPrefix = "/api/"), ("virtual_hosts[0].routes[1].match.path_separated_prefix", "string.pattern"));
        yield return Case("Routes_DirectResponseStatus600_InsideRangeUpperBound", With(R.Routes(), r => r.VirtualHosts[0].Routes[2].DirectResponse.Status = 600), ("virtual_hosts[0].routes[2].direct_response.status", "uint32.lt"));
        yield return Case("Routes_DirectResponseStatus199_InsideRangeLowerBound", With(R.Routes(), r => r.VirtualHosts[0].Routes[2].DirectResponse.Status = 199), ("virtual_hosts[0].routes[2].direct_response.status", "uint32.gte"));
        yield return Case("Routes_DuplicateRedirectHeadersToCopy_Unique", With(R.Routes(), r => RedirectCopying(r, "x-a", "x-b", "x-a")), ("virtual_hosts[0].routes[0].route.internal_redirect_policy.response_headers_to_copy[2]", "repeated.unique"));

        // Listener (LDS), checked through the packed HttpConnectionManager
        yield return Case("Listener_HcmWithEmptyStatPrefix_ThroughAny", R.Listener(hcm: R.HttpConnectionManager(statPrefix: string.Empty)), ("filter_chains[0].filters[0].typed_config.stat_prefix", "string.min_len"));
        yield return Case("Listener_HcmWithoutRouteSpecifier_OneofRequiredThroughAny", R.Listener(hcm: With(R.HttpConnectionManager(), h => h.ClearRouteSpecifier())), ("filter_chains[0].filters[0].typed_config.route_specifier", "oneof.required"));
        yield return Case("Listener_HttpFilterWithEmptyName_NestedInAny", R.Listener(hcm: With(R.HttpConnectionManager(), h => h.HttpFilters[0].Name = string.Empty)), ("filter_chains[0].filters[0].typed_config.http_filters[0].name", "string.min_len"));
        yield return Case("Listener_TypedConfigBytesNotAnHcm_AnyUnpack", With(R.Listener(), l => l.FilterChains[0].Filters[0].TypedConfig.Value = ByteString.CopyFrom(0xFF, 0xFF)), ("filter_chains[0].filters[0].typed_config", "any.unpack"));
        yield return Case("Listener_TypedConfigOfUnknownType_NotWalked", With(R.Listener(), l => l.FilterChains[0].Filters[0].TypedConfig.TypeUrl = "type.googleapis.com/example.Made.Up"));

        // Other rule families on real messages
        yield return Case("RbacPermission_AnyFalse_BoolConst", new Permission { Any = false }, ("any", "bool.const"));
        yield return Case("HttpStatus_Zero_EnumNotIn", new Envoy.Type.V3.HttpStatus { Code = Envoy.Type.V3.StatusCode.Empty }, ("code", "enum.not_in"));
        yield return Case("StringMatcher_WithoutPattern_OneofRequired", new StringMatcher(), ("match_pattern", "oneof.required"));
    }

    [TestCaseSource(nameof(Broken))]
    public void ReportsExactlyTheBrokenField(IMessage resource, (string Path, string Rule)[] expected)
    {
        var violations = ProtoConstraints.Envoy.Check(resource);

        Assert.That(violations.Select(v => (v.Path, v.Rule)), Is.EqualTo(expected), string.Join("\n", violations));
        Assert.That(violations.Select(v => v.Message), Has.All.Not.Empty);
    }

    /// <summary>All of them, in the order the fields are declared in cluster.proto (load_assignment before health_checks).</summary>
    [Test]
    public void ReportsEveryViolationInOneResourceWithItsPath()
    {
        var cluster = R.StaticCluster();
        cluster.Name = string.Empty;
        cluster.ConnectTimeout = new Duration { Seconds = -5 };
        cluster.LbPolicy = (Cluster.Types.LbPolicy)42;
        cluster.HealthChecks[0].Timeout = null;
        cluster.HealthChecks[0].HttpHealthCheck.Path = string.Empty;
        Port(cluster.LoadAssignment, 0, 65536);
        Port(cluster.LoadAssignment, 1, 70000);
        cluster.LoadAssignment.Endpoints[0].LoadBalancingWeight = 0;

        var violations = ProtoConstraints.Envoy.Check(cluster);

        Assert.That(violations.Select(v => (v.Path, v.Rule)), Is.EqualTo(new[]
        {
            ("name", "string.min_len"),
            ("connect_timeout", "duration.gt"),
            ("lb_policy", "enum.defined_only"),
            ("load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address.port_value", "uint32.lte"),
            (PortPath, "uint32.lte"),
            ("load_assignment.endpoints[0].load_balancing_weight", "uint32.gte"),
            ("health_checks[0].timeout", "duration.required"),
            ("health_checks[0].http_health_check.path", "string.min_len"),
        }), string.Join("\n", violations));
        Assert.That(violations.Single(v => v.Path == PortPath).Message, Is.EqualTo("value must be less than or equal to 65535, got 70000"));
        Assert.That(violations.Single(v => v.Rule == "duration.gt").Message, Is.EqualTo("value must be greater than 0s, got -5s"));
    }

    [Test]
    public void ViolationsComeInTheSameOrderEveryTime()
    {
        var first = ProtoConstraints.Envoy.Check(Broken(R.Routes()));
        var second = new ProtoConstraints(TypeUrlCatalog.Envoy).Check(Broken(R.Routes()));

        Assert.That(second, Is.EqualTo(first));
        Assert.That(first, Has.Count.EqualTo(3));

        static RouteConfiguration Broken(RouteConfiguration routes)
        {
            routes.VirtualHosts[0].Routes[0].Route_.ClearClusterSpecifier();
            routes.VirtualHosts[0].Routes[1].Match.PathSeparatedPrefix = "/x/";
            routes.VirtualHosts[0].Domains.Clear();
            return routes;
        }
    }

    [Test]
    public void CheckAllReturnsTheViolationsOfEachBrokenMessageByIndex()
    {
        var brokenCluster = With(R.Cluster(), c => c.Name = string.Empty);
        var brokenListener = R.Listener(hcm: R.HttpConnectionManager(statPrefix: string.Empty));
        IMessage[] batch = [R.Endpoints(), brokenCluster, R.Routes(), brokenListener];

        var found = ProtoConstraints.Envoy.CheckAll(batch);

        Assert.That(found.Select(f => f.Index), Is.EqualTo(new[] { 1, 3 }));
        Assert.That(found[0].Message, Is.SameAs(brokenCluster));
        Assert.That(found[1].Violations.Single().Path, Is.EqualTo("filter_chains[0].filters[0].typed_config.stat_prefix"));
    }

    [Test]
    public void PlansBuiltConcurrentlyGiveTheSameAnswers()
    {
        var checker = new ProtoConstraints(TypeUrlCatalog.Envoy);
        var results = new IReadOnlyList<ConstraintViolation>[16];

        Parallel.For(0, results.Length, i => results[i] = checker.Check(With(R.StaticCluster(), c => Port(c.LoadAssignment, 1, 70000))));

        Assert.That(results.Select(r => r.Single().Path), Has.All.EqualTo(PortPath));
    }

    private static TestCaseData Case(string name, IMessage message, params (string Path, string Rule)[] expected) =>
        new TestCaseData(message, expected).SetName(name);

    private static T With<T>(T message, Action<T> change)
    {
        change(message);
        return message;
    }

    private static void Port(ClusterLoadAssignment assignment, int endpoint, uint port) =>
        assignment.Endpoints[0].LbEndpoints[endpoint].Endpoint.Address.SocketAddress.PortValue = port;

    private static LoadBalancingPolicy LbPolicyWithoutConfig()
    {
        var policy = new LoadBalancingPolicy();
        policy.Policies.Add(new LoadBalancingPolicy.Types.Policy { TypedExtensionConfig = new TypedExtensionConfig { Name = "envoy.load_balancing_policies.round_robin" } });
        return policy;
    }

    /// <summary>Unpacks an Any, sets one string field by name, packs it again.</summary>
    private static Any Repack(Any any, string field, string value)
    {
        var descriptor = TypeUrlCatalog.Envoy.Find(any.TypeUrl)!;
        var message = descriptor.Parser.ParseFrom(any.Value);
        descriptor.FindFieldByName(field).Accessor.SetValue(message, value);
        return Any.Pack(message);
    }

    private static void SniHeader(Cluster cluster, string header)
    {
        var key = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";
        var options = cluster.TypedExtensionProtocolOptions[key].Unpack<UpstreamHttpOptions>();
        options.UpstreamHttpProtocolOptions = new UpstreamHttpProtocolOptions { AutoSni = true, OverrideAutoSniHeader = header };
        cluster.TypedExtensionProtocolOptions[key] = Any.Pack(options);
    }

    private static void RedirectCopying(RouteConfiguration routes, params string[] headers)
    {
        var policy = new InternalRedirectPolicy();
        policy.ResponseHeadersToCopy.Add(headers);
        routes.VirtualHosts[0].Routes[0].Route_.InternalRedirectPolicy = policy;
    }
}
