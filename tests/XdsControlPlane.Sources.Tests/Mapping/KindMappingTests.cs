using XdsControlPlane.Model;

namespace XdsControlPlane.Sources.Tests.Mapping;

/// <summary>Each supported kind maps to the whole expected record.</summary>
public sealed class KindMappingTests
{
    private static ModelContext _model = ModelContext.Empty;

    [OneTimeSetUp]
    public void LoadKinds() => _model = Assets.Load("kinds");

    [Test]
    public void LoadsTheFixturesWithoutErrors() =>
        Assert.That(_model.SourceErrors, Is.Empty, Assets.Describe(_model.SourceErrors));

    [Test]
    public void Service_MapsPortsWithNamedAndDefaultedTargetPorts()
    {
        var expected = new ServiceModel(new ObjectRef("Service", "shop", "web"),
        [
            new ServicePort("http", 80, 8080, "TCP", null),
            new ServicePort("grpc", 9090, null, "TCP", "kubernetes.io/h2c"),
            new ServicePort("same", 7000, 7000, "TCP", null),
        ]);
        Assert.That(_model.Services, Is.EqualTo(new[] { expected }));
    }

    [Test]
    public void EndpointSlice_MapsConditionsZonesAndPorts()
    {
        var expected = new EndpointSliceModel(new ObjectRef("EndpointSlice", "shop", "web-abc12"), "web", "IPv4",
        [
            new EndpointModel(["10.0.0.1"], true, true, false, "zone-a"),
            new EndpointModel(["10.0.0.2", "10.0.0.3"], false, true, true, "zone-b"),
            new EndpointModel(["10.0.0.4"], null, null, null, null),
        ],
        [new EndpointPort("http", 8080, "TCP"), new EndpointPort("grpc", 9090, "TCP")]);
        Assert.That(_model.EndpointSlices, Is.EqualTo(new[] { expected }));
    }

    [Test]
    public void TlsSecrets_DecodeDataAndPreferStringData_OtherTypesAreIgnored()
    {
        var expected = new[]
        {
            new TlsSecretModel(new ObjectRef("Secret", "edge", "client-cert"), Pem("client.crt"), Pem("client.key"), null),
            new TlsSecretModel(new ObjectRef("Secret", "edge", "web-cert"), Pem("web.crt"), Pem("web.key"), Pem("client.crt")),
        };
        Assert.That(_model.Secrets, Is.EqualTo(expected));
    }

    [Test]
    public void ReferenceGrant_MapsFromAndTo_InV1beta1AndV1()
    {
        var expected = new[]
        {
            new ReferenceGrantModel(new ObjectRef("ReferenceGrant", "backends", "shop-routes"),
                [new ReferenceGrantFrom("gateway.networking.k8s.io", "HTTPRoute", "shop"), new ReferenceGrantFrom("gateway.networking.k8s.io", "GRPCRoute", "shop")],
                [new ReferenceGrantTo("", "Service", null)]),
            new ReferenceGrantModel(new ObjectRef("ReferenceGrant", "certs", "edge-certificates"),
                [new ReferenceGrantFrom("gateway.networking.k8s.io", "Gateway", "edge")],
                [new ReferenceGrantTo("", "Secret", "other-cert")]),
        };
        Assert.That(_model.ReferenceGrants, Is.EqualTo(expected));
    }

    [Test]
    public void Namespace_LabelsGoToNamespaceLabelsSortedByKey()
    {
        var labels = new KeyValuePair<string, EquatableArray<KeyValuePair<string, string>>>("shop", [new("env", "prod"), new("team", "storefront")]);
        Assert.That(_model.NamespaceLabels, Is.EqualTo(new[] { labels }));
    }

    [Test]
    public void Gateway_MapsListenersTlsAndAllowedRoutes()
    {
        var expected = new GatewayModel(new ObjectRef("Gateway", "edge", "edge"), 3, "xds",
        [
            new GatewayListener("http", null, 80, "HTTP", [], "Same", [], []),
            new GatewayListener("https", "*.example.com", 443, "HTTPS",
                [new ObjectRef("Secret", "edge", "web-cert"), new ObjectRef("Secret", "certs", "other-cert")],
                "Selector", [new("team", "storefront")], ["HTTPRoute", "GRPCRoute"]),
        ]);
        Assert.That(_model.Gateways, Is.EqualTo(new[] { expected }));
    }

    [Test]
    public void GatewayClass_IsClusterScoped_WithGenerationAndControllerName()
    {
        var expected = new GatewayClassModel(new ObjectRef("GatewayClass", "", "xds"), 2, "xds.controlplane.io/gateway-controller");
        Assert.That(_model.GatewayClasses, Is.EqualTo(new[] { expected }));
    }

    [Test]
    public void HttpRoute_MapsEveryField()
    {
        var expected = new HttpRouteModel(new ObjectRef("HTTPRoute", "shop", "storefront"), 7, new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero),
            [new ParentRef("Gateway", "edge", "edge", "https", null), new ParentRef("Service", "shop", "web", null, 80)],
            ["shop.example.com", "*.shop.example.com"],
            [
                new RouteRule("canary",
                    [new RouteMatch(new PathMatch("Exact", "/checkout"),
                        [new ValueMatch("Exact", "x-canary", "true"), new ValueMatch("RegularExpression", "x-user", "^u[0-9]+$")],
                        [new ValueMatch("Exact", "debug", "1")], "POST", null)],
                    [
                        new RouteFilter("RequestHeaderModifier", RequestHeaders: new HeaderModifier([new("x-route", "canary")], [new("x-trace", "on")], ["x-internal"])),
                        new RouteFilter("ResponseHeaderModifier", ResponseHeaders: new HeaderModifier([new("cache-control", "no-store")], [], [])),
                        new RouteFilter("RequestMirror", Mirror: new MirrorFilter(new BackendRef("Service", "shop", "shadow", 80, 1), 25)),
                    ],
                    [new BackendRef("Service", "shop", "web", 80, 90), new BackendRef("Service", "canary", "web-canary", 80, 10)],
                    TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(2500)),
                new RouteRule(null,
                    [new RouteMatch(new PathMatch("PathPrefix", "/old"), [], [], null, null)],
                    [new RouteFilter("RequestRedirect", Redirect: new RedirectFilter("https", "new.example.com", new PathModifier("ReplacePrefixMatch", "/new"), 443, 301))],
                    [], null, null),
                new RouteRule(null,
                    [new RouteMatch(new PathMatch("PathPrefix", "/api"), [], [], null, null)],
                    [new RouteFilter("URLRewrite", Rewrite: new RewriteFilter("api.internal", new PathModifier("ReplaceFullPath", "/v2")))],
                    [new BackendRef("Service", "shop", "api", 8080, 1)], null, null),
            ]);
        Assert.That(_model.Routes.Single(r => r.Ref.Name == "storefront"), Is.EqualTo(expected));
    }

    [Test]
    public void HttpRoute_GetsTheGatewayApiDefaults()
    {
        var matchAll = new RouteMatch(new PathMatch("PathPrefix", "/"), [], [], null, null);
        var expected = new HttpRouteModel(new ObjectRef("HTTPRoute", "default", "minimal"), 0, null,
            [new ParentRef("Gateway", "default", "edge", null, null)],
            [],
            [
                new RouteRule(null, [matchAll],
                    [
                        new RouteFilter("RequestRedirect", Redirect: new RedirectFilter(null, "example.com", null, null, 302)),
                        new RouteFilter("RequestMirror", Mirror: new MirrorFilter(new BackendRef("Service", "default", "shadow", 80, 1), 100)),
                    ],
                    [new BackendRef("Service", "default", "web", 80, 1)], null, null),
                new RouteRule(null,
                    [
                        new RouteMatch(new PathMatch("PathPrefix", "/"), [new ValueMatch("Exact", "x-a", "b")], [], null, null),
                        new RouteMatch(new PathMatch("PathPrefix", "/x"), [], [], null, null),
                        new RouteMatch(new PathMatch("Exact", "/"), [], [], null, null),
                    ],
                    [], [new BackendRef("Service", "default", "web", 80, 1)], null, null),
            ]);
        Assert.That(_model.Routes.Single(r => r.Ref.Name == "minimal"), Is.EqualTo(expected));
    }

    [Test]
    public void GrpcRoute_MapsMethodMatchesWithExactByDefault()
    {
        var expected = new HttpRouteModel(new ObjectRef("GRPCRoute", "shop", "greeter"), 0, null,
            [new ParentRef("Service", "shop", "greeter", null, 9090)],
            ["greeter.shop.svc"],
            [
                new RouteRule("hello",
                    [
                        new RouteMatch(null, [new ValueMatch("Exact", "x-version", "v2")], [], null, new GrpcMethodMatch("Exact", "helloworld.Greeter", "SayHello")),
                        new RouteMatch(null, [], [], null, new GrpcMethodMatch("RegularExpression", "helloworld\\..*", null)),
                    ],
                    [new RouteFilter("RequestHeaderModifier", RequestHeaders: new HeaderModifier([], [new("x-grpc", "yes")], []))],
                    [new BackendRef("Service", "shop", "greeter-v2", 9090, 3)], null, null),
                new RouteRule(null, [], [], [new BackendRef("Service", "shop", "greeter", 9090, 1)], null, null),
            ]);
        Assert.That(_model.Routes.Single(r => r.Ref.Kind == "GRPCRoute"), Is.EqualTo(expected));
    }

    private static string Pem(string name) => File.ReadAllText(Path.Combine(Assets.PathOf("tls"), name));
}
