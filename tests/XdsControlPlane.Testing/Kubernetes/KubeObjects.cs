using System.Text.Json.Nodes;

namespace XdsControlPlane.Testing.Kubernetes;

/// <summary>Objects as the API server holds them, for tests that drive the simulated API server.</summary>
public static class KubeObjects
{
    /// <summary>A v1 Service with one named port.</summary>
    public static JsonObject Service(string name, int port, string ns = "default", string portName = "grpc") => Parse($$$"""
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}"},
         "spec":{"ports":[{"name":"{{{portName}}}","port":{{{port}}},"protocol":"TCP"}]}}
        """);

    /// <summary>An EndpointSlice of <paramref name="service"/> with ready endpoints at <paramref name="addresses"/>.</summary>
    public static JsonObject EndpointSlice(string name, string service, int port, IEnumerable<string> addresses, string ns = "default", string portName = "grpc")
    {
        var endpoints = new JsonArray([.. addresses.Select(a => (JsonNode)new JsonObject
        {
            ["addresses"] = new JsonArray(a),
            ["conditions"] = new JsonObject { ["ready"] = true },
        })]);
        return new JsonObject
        {
            ["apiVersion"] = "discovery.k8s.io/v1",
            ["kind"] = "EndpointSlice",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["labels"] = new JsonObject { ["kubernetes.io/service-name"] = service },
            },
            ["addressType"] = "IPv4",
            ["ports"] = new JsonArray(new JsonObject { ["name"] = portName, ["port"] = port, ["protocol"] = "TCP" }),
            ["endpoints"] = endpoints,
        };
    }

    /// <summary>A GRPCRoute attached to Service <paramref name="parentService"/> (mesh) splitting between weighted backends.</summary>
    public static JsonObject GrpcRoute(string name, string parentService, int parentPort, IEnumerable<(string Service, int Port, int Weight)> backends, string ns = "default")
    {
        var refs = new JsonArray([.. backends.Select(b => (JsonNode)new JsonObject { ["name"] = b.Service, ["port"] = b.Port, ["weight"] = b.Weight })]);
        return new JsonObject
        {
            ["apiVersion"] = "gateway.networking.k8s.io/v1",
            ["kind"] = "GRPCRoute",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = new JsonObject
            {
                ["parentRefs"] = new JsonArray(new JsonObject { ["group"] = "", ["kind"] = "Service", ["name"] = parentService, ["port"] = parentPort }),
                ["rules"] = new JsonArray(new JsonObject { ["backendRefs"] = refs }),
            },
        };
    }

    /// <summary>The controllerName the server answers for by default.</summary>
    public const string OurController = "xds.controlplane.io/gateway-controller";

    /// <summary>A GatewayClass (cluster-scoped); by default <c>xds</c>, the class of <see cref="Gateway"/>, with our controller.</summary>
    public static JsonObject GatewayClass(string name = "xds", string controllerName = OurController) => Parse($$$"""
        {"apiVersion":"gateway.networking.k8s.io/v1","kind":"GatewayClass","metadata":{"name":"{{{name}}}"},
         "spec":{"controllerName":"{{{controllerName}}}"}}
        """);

    /// <summary>A Gateway with one HTTP listener, of class <paramref name="className"/> (see <see cref="GatewayClass"/>).</summary>
    public static JsonObject Gateway(string name, int port = 8080, string ns = "default", string className = "xds") => Parse($$$"""
        {"apiVersion":"gateway.networking.k8s.io/v1","kind":"Gateway","metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}"},
         "spec":{"gatewayClassName":"{{{className}}}","listeners":[{"name":"http","port":{{{port}}},"protocol":"HTTP"}]}}
        """);

    /// <summary>An HTTPRoute attached to Gateway <paramref name="gateway"/>, sending everything to one backend.</summary>
    public static JsonObject HttpRoute(string name, string gateway, string backend, int port, string ns = "default") => Parse($$$"""
        {"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute","metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}"},
         "spec":{"parentRefs":[{"name":"{{{gateway}}}"}],"rules":[{"backendRefs":[{"name":"{{{backend}}}","port":{{{port}}}}]}]}}
        """);

    /// <summary>
    /// A v1beta1 ReferenceGrant in <paramref name="ns"/> letting routes of kind <paramref name="fromKind"/> in
    /// <paramref name="fromNamespace"/> reference its Services (all, or <paramref name="service"/>).
    /// </summary>
    public static JsonObject ReferenceGrant(string name, string ns, string fromNamespace, string? service = null, string fromKind = "HTTPRoute") => Parse($$$"""
        {"apiVersion":"gateway.networking.k8s.io/v1beta1","kind":"ReferenceGrant","metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}"},
         "spec":{"from":[{"group":"gateway.networking.k8s.io","kind":"{{{fromKind}}}","namespace":"{{{fromNamespace}}}"}],
                 "to":[{"group":"","kind":"Service"{{{(service is null ? "" : $",\"name\":\"{service}\"")}}}}]}}
        """);

    /// <summary>An XdsPolicy setting 3 retry attempts on <paramref name="targetKind"/> <paramref name="targetName"/>.</summary>
    public static JsonObject XdsPolicy(string name, string targetKind, string targetName, string ns = "default") => Parse($$$"""
        {"apiVersion":"xds.controlplane.io/v1alpha1","kind":"XdsPolicy","metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}"},
         "spec":{"targetRef":{"kind":"{{{targetKind}}}","name":"{{{targetName}}}"},"retry":{"attempts":3,"on":["unavailable"]} } }
        """);

    /// <summary>A v1 Namespace with labels.</summary>
    public static JsonObject Namespace(string name, params (string Key, string Value)[] labels)
    {
        var map = new JsonObject();
        foreach (var (key, value) in labels)
        {
            map[key] = value;
        }

        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = map } };
    }

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
