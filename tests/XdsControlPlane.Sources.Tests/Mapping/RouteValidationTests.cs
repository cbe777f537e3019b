using XdsControlPlane.Model;

namespace XdsControlPlane.Sources.Tests.Mapping;

/// <summary>Structural checks of routes that need nothing but the route itself.</summary>
public sealed class RouteValidationTests
{
    private static IEnumerable<TestCaseData> InvalidRules()
    {
        TestCaseData Case(string name, string rule, params string[] fields) => new TestCaseData(rule, fields).SetName(name);

        yield return Case("weight above a million", "backendRefs: [{name: a, port: 80, weight: 1000001}]", "spec.rules[0].backendRefs[0].weight");
        yield return Case("negative weight", "backendRefs: [{name: a, port: 80, weight: -1}]", "spec.rules[0].backendRefs[0].weight");
        yield return Case("service backend without port", "backendRefs: [{name: a}]", "spec.rules[0].backendRefs[0].port");
        yield return Case("more than 16 backends", "backendRefs: [" + string.Join(", ", Enumerable.Range(0, 17).Select(i => $"{{name: b{i}, port: 80}}")) + "]",
            "spec.rules[0].backendRefs");
        yield return Case("path without leading slash", "matches: [{path: {type: PathPrefix, value: api}}]", "spec.rules[0].matches[0].path.value");
        yield return Case("path with double slash", "matches: [{path: {type: Exact, value: /a//b}}]", "spec.rules[0].matches[0].path.value");
        yield return Case("regex that does not compile", "matches: [{path: {type: RegularExpression, value: '/a(['}}]", "spec.rules[0].matches[0].path.value");
        yield return Case("unknown path type", "matches: [{path: {type: Glob, value: /a}}]", "spec.rules[0].matches[0].path.type");
        yield return Case("invalid header name", "matches: [{headers: [{name: 'x y', value: z}]}]", "spec.rules[0].matches[0].headers[0].name");
        yield return Case("header regex that does not compile", "matches: [{headers: [{type: RegularExpression, name: x, value: '(('}]}]",
            "spec.rules[0].matches[0].headers[0].value");
        yield return Case("repeated header name", "matches: [{headers: [{name: x, value: a}, {name: X, value: b}]}]", "spec.rules[0].matches[0].headers");
        yield return Case("unknown method", "matches: [{method: FETCH}]", "spec.rules[0].matches[0].method");
        yield return Case("redirect status 304", "filters: [{type: RequestRedirect, requestRedirect: {statusCode: 304}}]", "spec.rules[0].filters[0].requestRedirect.statusCode");
        yield return Case("redirect scheme ftp", "filters: [{type: RequestRedirect, requestRedirect: {scheme: ftp}}]", "spec.rules[0].filters[0].requestRedirect.scheme");
        yield return Case("redirect and rewrite together",
            "filters: [{type: RequestRedirect, requestRedirect: {hostname: a.b}}, {type: URLRewrite, urlRewrite: {hostname: c.d}}]", "spec.rules[0]");
        yield return Case("prefix rewrite on an exact match",
            "matches: [{path: {type: Exact, value: /a}}]\n    filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /b}}}]", "spec.rules[0]");
        yield return Case("two request header modifiers",
            "filters: [{type: RequestHeaderModifier, requestHeaderModifier: {remove: [a]}}, {type: RequestHeaderModifier, requestHeaderModifier: {remove: [b]}}]",
            "spec.rules[0].filters[0]", "spec.rules[0].filters[1]");
        yield return Case("filter without its settings", "filters: [{type: RequestMirror}]", "spec.rules[0].filters[0].requestMirror");
        yield return Case("unsupported filter type", "filters: [{type: ExtensionRef}]", "spec.rules[0].filters[0].type");
        yield return Case("mirror above 100 percent", "filters: [{type: RequestMirror, requestMirror: {backendRef: {name: m, port: 80}, percent: 101}}]",
            "spec.rules[0].filters[0].requestMirror.percent");
        yield return Case("backend request timeout above request timeout", "timeouts: {request: 1s, backendRequest: 2s}", "spec.rules[0].timeouts.backendRequest");
        yield return Case("invalid rule name", "name: Not_Valid", "spec.rules[0].name");
        yield return Case("per-backend filters", "backendRefs: [{name: a, port: 80, filters: [{type: RequestHeaderModifier}]}]", "spec.rules[0].backendRefs[0].filters");
    }

    [TestCaseSource(nameof(InvalidRules))]
    public void ReportsRuleErrorsAtTheirPaths(string rule, string[] fields)
    {
        var mapped = Assets.Map(Route(rule));

        Assert.That(mapped.Value, Is.Null);
        Assert.That(mapped.Errors.Select(e => e.Field).Order(StringComparer.Ordinal), Is.EqualTo(fields), Assets.Describe(mapped.Errors));
    }

    [TestCase("example.com", true)]
    [TestCase("*.example.com", true)]
    [TestCase("a-b.c1.example", true)]
    [TestCase("Example.com", false)]
    [TestCase("*example.com", false)]
    [TestCase("a.*.example.com", false)]
    [TestCase("10.0.0.1", false)]
    [TestCase("-a.example.com", false)]
    [TestCase("a_b.example.com", false)]
    public void Hostnames_AreDns1123WithAnOptionalWildcard(string hostname, bool valid)
    {
        var mapped = Assets.Map(Route("backendRefs: [{name: a, port: 80}]", $"hostnames: ['{hostname}']"));

        Assert.That(mapped.Errors.Select(e => e.Field), valid ? Is.Empty : Is.EqualTo(new[] { "spec.hostnames[0]" }), Assets.Describe(mapped.Errors));
    }

    [Test]
    public void GrpcMethodMatches_AreChecked()
    {
        var mapped = Assets.Map("""
            apiVersion: gateway.networking.k8s.io/v1
            kind: GRPCRoute
            metadata: {name: g}
            spec:
              rules:
              - matches:
                - method: {}
                - method: {service: "not a service", method: "1bad"}
                - method: {type: RegularExpression, service: "(("}
            """);

        Assert.That(mapped.Errors.Select(e => e.Field).Order(StringComparer.Ordinal), Is.EqualTo(new[]
        {
            "spec.rules[0].matches[0].method.service",
            "spec.rules[0].matches[1].method.method",
            "spec.rules[0].matches[1].method.service",
            "spec.rules[0].matches[2].method.service",
        }), Assets.Describe(mapped.Errors));
    }

    [Test]
    public void Gateways_AreChecked()
    {
        var mapped = Assets.Map("""
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: gw}
            spec:
              gatewayClassName: xds
              listeners:
              - {name: web, port: 80, protocol: HTTP}
              - {name: web, port: 70000, protocol: HTTPS, hostname: "Bad_Host"}
            """);

        Assert.That(mapped.Errors.Select(e => e.Field).Order(StringComparer.Ordinal), Is.EqualTo(new[]
        {
            "spec.listeners[0]",
            "spec.listeners[1]",
            "spec.listeners[1].hostname",
            "spec.listeners[1].port",
            "spec.listeners[1].tls.certificateRefs",
        }), Assets.Describe(mapped.Errors));
    }

    [Test]
    public void ACertificateRefOfAnotherGroupOrKind_IsKeptQualified_NotAnErrorOfTheGateway()
    {
        // The listener's problem (the compiler reports ResolvedRefs=False, InvalidCertificateRef on it), not the Gateway's.
        var mapped = Assets.Map("""
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: gw}
            spec:
              gatewayClassName: xds
              listeners:
              - {name: web, port: 443, protocol: HTTPS, tls: {certificateRefs: [{group: example.com, kind: Certificate, name: c}, {name: s}]}}
            """);

        Assert.That(mapped.Errors, Is.Empty, Assets.Describe(mapped.Errors));
        Assert.That(((GatewayModel)mapped.Value!).Listeners[0].CertificateRefs,
            Is.EqualTo(new[] { new ObjectRef("example.com/Certificate", "default", "c"), new ObjectRef("Secret", "default", "s") }));
    }

    [Test]
    public void AnInfrastructureParametersRef_IsMapped_InTheGatewaysNamespace_ForTheCompilerToJudge()
    {
        var mapped = Assets.Map("""
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: gw, namespace: edge}
            spec:
              gatewayClassName: xds
              infrastructure: {parametersRef: {group: example.com, kind: ProxyConfig, name: big}}
              listeners: [{name: web, port: 80, protocol: HTTP}]
            """);

        Assert.That(mapped.Errors, Is.Empty, Assets.Describe(mapped.Errors));
        Assert.That(((GatewayModel)mapped.Value!).ParametersRef, Is.EqualTo(new ObjectRef("example.com/ProxyConfig", "edge", "big")));
    }

    private static IEnumerable<TestCaseData> InvalidReferenceGrants()
    {
        TestCaseData Case(string name, string spec, params string[] errors) => new TestCaseData(spec, errors).SetName(name);

        yield return Case("grant from without namespace", "from: [{group: gateway.networking.k8s.io, kind: HTTPRoute}]\n  to: [{group: '', kind: Service}]",
            "spec.from[0].namespace is required");
        yield return Case("grant entries without group or kind", "from: [{namespace: shop}]\n  to: [{name: db}]",
            "spec.from[0].group is required", "spec.from[0].kind is required", "spec.to[0].group is required", "spec.to[0].kind is required");
        yield return Case("grant with empty from and to", "from: []\n  to: []",
            "spec.from must hold between 1 and 16 entries, got 0", "spec.to must hold between 1 and 16 entries, got 0");
        yield return Case("grant with a bad group, namespace and name",
            "from: [{group: Not_A_Group, kind: HTTPRoute, namespace: Shop}]\n  to: [{group: '', kind: Service, name: ''}]",
            "spec.from[0].group 'Not_A_Group' is not an API group", "spec.from[0].namespace 'Shop' is not a valid namespace name", "spec.to[0].name must not be empty");
        yield return Case("grant list that is not a list", "from: {group: '', kind: HTTPRoute, namespace: shop}\n  to: [{group: '', kind: Service}]",
            "spec.from must be a list");
    }

    [TestCaseSource(nameof(InvalidReferenceGrants))]
    public void ReferenceGrants_ReportEveryErrorWithItsField(string spec, string[] errors)
    {
        var mapped = Assets.Map($"""
            apiVersion: gateway.networking.k8s.io/v1beta1
            kind: ReferenceGrant
            metadata: {"{"}name: g, namespace: backends{"}"}
            spec:
              {spec}
            """);

        Assert.That(mapped.Value, Is.Null, "an invalid grant is dropped, so it permits nothing");
        Assert.That(mapped.Errors.Select(e => e.Object), Has.All.EqualTo(new ObjectRef("ReferenceGrant", "backends", "g")));
        var described = mapped.Errors.Select(e => $"{e.Field} {e.Message}").Order(StringComparer.Ordinal).ToList();
        Assert.That(described, Has.Count.EqualTo(errors.Length), Assets.Describe(mapped.Errors));
        for (var i = 0; i < errors.Length; i++)
        {
            Assert.That(described[i], Does.StartWith(errors[i]), Assets.Describe(mapped.Errors));
        }
    }

    private static string Route(string rule, string extra = "") => $"""
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {"{"}name: r, namespace: shop{"}"}
        spec:
          parentRefs: [{"{"}name: gw{"}"}]
          {extra}
          rules:
          - {rule}
        """;
}
