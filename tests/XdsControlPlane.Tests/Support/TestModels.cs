using XdsControlPlane.Model;

namespace XdsControlPlane.Tests.Support;

/// <summary>
/// Small models for the host tests: a Gateway <c>default/public</c> with an HTTPS listener (certificate from the TLS
/// Secret <c>default/tls</c>) routing to Service <c>default/echo</c>, which the proxyless profile serves too. The
/// Gateways are of class <c>xds</c>, whose controller is the default one, so they are served.
/// </summary>
internal static class TestModels
{
    /// <summary>Text inside the TLS Secret's private key; must never appear in any answer of the API.</summary>
    public const string KeyMaterial = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDsecretkeymaterial";

    /// <summary>The model with the echo endpoint on <paramref name="port"/>, the key <paramref name="keyMaterial"/>, and optional extras.</summary>
    public static ModelContext Model(long generation, int port = 8080, string keyMaterial = KeyMaterial, bool withExtraService = false, bool withInternalGateway = false)
    {
        var services = new List<ServiceModel> { Service("echo") };
        var slices = new List<EndpointSliceModel> { Slice("echo", port) };
        if (withExtraService)
        {
            services.Add(Service("extra"));
            slices.Add(Slice("extra", 9090));
        }

        var gateways = new List<GatewayModel> { Gateway("public", 443, "HTTPS", [new ObjectRef("Secret", string.Empty, "tls")]) };
        var routes = new List<HttpRouteModel> { Route("echo", "public", "echo") };
        if (withInternalGateway)
        {
            gateways.Add(Gateway("internal", 8000, "HTTP", []));
            routes.Add(Route("echo-internal", "internal", "echo"));
        }

        var secret = new TlsSecretModel(new ObjectRef("Secret", "default", "tls"),
            "-----BEGIN CERTIFICATE-----\nMIIBcertificate\n-----END CERTIFICATE-----\n",
            $"-----BEGIN PRIVATE KEY-----\n{keyMaterial}\n-----END PRIVATE KEY-----\n", null);
        return ModelContext.Create(services, slices, [secret], gateways, routes, [], [], [], generation,
            gatewayClasses: [new GatewayClassModel(new ObjectRef("GatewayClass", string.Empty, "xds"), 1, "xds.controlplane.io/gateway-controller")]);
    }

    private static ServiceModel Service(string name) =>
        new(new ObjectRef("Service", "default", name), [new ServicePort("grpc", 50051, 50051, "TCP", null)]);

    private static EndpointSliceModel Slice(string service, int port) =>
        new(new ObjectRef("EndpointSlice", "default", service + "-1"), service, "IPv4",
            [new EndpointModel(["10.0.0.1"], true, true, false, "zone-a")], [new EndpointPort("grpc", port, "TCP")]);

    private static GatewayModel Gateway(string name, int port, string protocol, ObjectRef[] certificates) =>
        new(new ObjectRef("Gateway", "default", name), 1, "xds",
            [new GatewayListener("main", protocol == "HTTPS" ? "echo.example.com" : null, port, protocol, [.. certificates], "Same", [], [])]);

    private static HttpRouteModel Route(string name, string gateway, string service) =>
        new(new ObjectRef("HTTPRoute", "default", name), 1, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
            [new ParentRef("Gateway", string.Empty, gateway, null, null)], [],
            [new RouteRule(null, [], [], [new BackendRef("Service", string.Empty, service, 50051, 1)], null, null)]);
}
