using XdsControlPlane.Model;
using XdsControlPlane.Model.Policies;

namespace XdsControlPlane.Compiler.Tests.Support;

/// <summary>Builds model contexts for tests, with short helpers for the records they are made of.</summary>
internal sealed class ModelBuilder
{
    private readonly List<ServiceModel> _services = [];
    private readonly List<EndpointSliceModel> _slices = [];
    private readonly List<TlsSecretModel> _secrets = [];
    private readonly List<GatewayModel> _gateways = [];
    private readonly List<GatewayClassModel> _classes = [];
    private readonly List<HttpRouteModel> _routes = [];
    private readonly List<PolicyModel> _policies = [];
    private readonly List<KeyValuePair<string, EquatableArray<KeyValuePair<string, string>>>> _namespaces = [];
    private readonly List<ReferenceGrantModel> _grants = [];

    /// <summary>The GatewayClass of <see cref="Gateway"/>, whose controller is <see cref="CompileOptions.DefaultControllerName"/>.</summary>
    public const string OurClass = "xds";

    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A Service with named TCP ports.</summary>
    public ModelBuilder Service(string ns, string name, params (string Name, int Port)[] ports) =>
        Service(ns, name, null, ports);

    /// <summary>A Service whose ports carry an appProtocol.</summary>
    public ModelBuilder Service(string ns, string name, string? appProtocol, params (string Name, int Port)[] ports)
    {
        _services.Add(new ServiceModel(new ObjectRef("Service", ns, name), [.. ports.Select(p => new ServicePort(p.Name, p.Port, p.Port + 8000, "TCP", appProtocol))]));
        return this;
    }

    /// <summary>An EndpointSlice of a Service with one port.</summary>
    public ModelBuilder Slice(string ns, string slice, string service, string portName, int port, params EndpointModel[] endpoints) =>
        Slice(ns, slice, service, "IPv4", portName, port, endpoints);

    /// <summary>An EndpointSlice with an explicit address type.</summary>
    public ModelBuilder Slice(string ns, string slice, string service, string addressType, string portName, int port, params EndpointModel[] endpoints)
    {
        _slices.Add(new EndpointSliceModel(new ObjectRef("EndpointSlice", ns, slice), service, addressType, [.. endpoints], [new EndpointPort(portName, port, "TCP")]));
        return this;
    }

    /// <summary>A TLS Secret with placeholder PEM text.</summary>
    public ModelBuilder Secret(string ns, string name, bool withCa = false)
    {
        _secrets.Add(new TlsSecretModel(new ObjectRef("Secret", ns, name), $"-----BEGIN CERTIFICATE-----\n{name}\n-----END CERTIFICATE-----\n",
            $"-----BEGIN PRIVATE KEY-----\n{name}\n-----END PRIVATE KEY-----\n", withCa ? $"-----BEGIN CERTIFICATE-----\n{name}-ca\n-----END CERTIFICATE-----\n" : null));
        return this;
    }

    /// <summary>A Gateway of class <see cref="OurClass"/>.</summary>
    public ModelBuilder Gateway(string ns, string name, params GatewayListener[] listeners) => GatewayOfClass(OurClass, ns, name, listeners);

    /// <summary>Adds a Gateway as given (for fields the other overloads do not set).</summary>
    public ModelBuilder Gateway(GatewayModel gateway)
    {
        _gateways.Add(gateway);
        return this;
    }

    /// <summary>A Gateway of class <paramref name="className"/>.</summary>
    public ModelBuilder GatewayOfClass(string className, string ns, string name, params GatewayListener[] listeners)
    {
        _gateways.Add(new GatewayModel(new ObjectRef("Gateway", ns, name), 1, className, [.. listeners]));
        return this;
    }

    /// <summary>A GatewayClass. Without one named <see cref="OurClass"/>, <see cref="Build"/> adds it (ours) when there are Gateways.</summary>
    public ModelBuilder GatewayClass(string name, string controllerName, long generation = 1)
    {
        _classes.Add(new GatewayClassModel(new ObjectRef("GatewayClass", "", name), generation, controllerName));
        return this;
    }

    /// <summary>Replaces the last Service added.</summary>
    public ModelBuilder MapLastService(Func<ServiceModel, ServiceModel> map)
    {
        _services[^1] = map(_services[^1]);
        return this;
    }

    public ModelBuilder Route(HttpRouteModel route)
    {
        _routes.Add(route);
        return this;
    }

    public ModelBuilder Policy(string ns, string name, PolicyTarget target, PolicySpec spec)
    {
        _policies.Add(new PolicyModel(new ObjectRef("XdsPolicy", ns, name), 1, target, spec));
        return this;
    }

    public ModelBuilder Namespace(string ns, params (string Key, string Value)[] labels)
    {
        _namespaces.Add(new(ns, [.. labels.Select(l => new KeyValuePair<string, string>(l.Key, l.Value))]));
        return this;
    }

    /// <summary>A ReferenceGrant in <paramref name="ns"/>: <paramref name="from"/> entries (group, kind, namespace) may reference <paramref name="to"/> entries (group, kind, name).</summary>
    public ModelBuilder Grant(string ns, string name, (string Group, string Kind, string Namespace)[] from, params (string Group, string Kind, string? Name)[] to)
    {
        _grants.Add(new ReferenceGrantModel(new ObjectRef("ReferenceGrant", ns, name),
            [.. from.Select(f => new ReferenceGrantFrom(f.Group, f.Kind, f.Namespace))], [.. to.Select(t => new ReferenceGrantTo(t.Group, t.Kind, t.Name))]));
        return this;
    }

    public ModelContext Build()
    {
        var classes = _gateways.Count > 0 && !_classes.Any(c => c.Ref.Name == OurClass)
            ? _classes.Append(new GatewayClassModel(new ObjectRef("GatewayClass", "", OurClass), 1, CompileOptions.DefaultControllerName))
            : _classes;
        return ModelContext.Create(_services, _slices, _secrets, _gateways, _routes, _policies, [], _namespaces, referenceGrants: _grants, gatewayClasses: classes);
    }

    // Record helpers.

    public static EndpointModel Ready(string ip, string? zone = "zone-a") => new([ip], true, true, false, zone);

    public static EndpointModel NotReady(string ip, string? zone = "zone-a") => new([ip], false, false, false, zone);

    public static EndpointModel Terminating(string ip, string? zone = "zone-a") => new([ip], false, true, true, zone);

    public static EndpointModel Unknown(string ip, string? zone = "zone-a") => new([ip], null, null, null, zone);

    public static GatewayListener Http(string name, int port, string? hostname = null, string from = "Same", params string[] kinds) =>
        new(name, hostname, port, "HTTP", [], from, [], [.. kinds]);

    public static GatewayListener Https(string name, int port, string? hostname, params string[] secrets) =>
        new(name, hostname, port, "HTTPS", [.. secrets.Select(s => new ObjectRef("Secret", "", s))], "Same", [], []);

    public static ParentRef Gw(string name, string? section = null, int? port = null, string ns = "") => new("Gateway", ns, name, section, port);

    public static ParentRef Svc(string name, int? port = null, string ns = "") => new("Service", ns, name, null, port);

    public static HttpRouteModel HttpRoute(string ns, string name, ParentRef[] parents, string[] hostnames, params RouteRule[] rules) =>
        new(new ObjectRef("HTTPRoute", ns, name), 1, Epoch, [.. parents], [.. hostnames], [.. rules]);

    public static HttpRouteModel GrpcRoute(string ns, string name, ParentRef[] parents, string[] hostnames, params RouteRule[] rules) =>
        new(new ObjectRef("GRPCRoute", ns, name), 1, Epoch, [.. parents], [.. hostnames], [.. rules]);

    public static RouteRule Rule(RouteMatch[] matches, params BackendRef[] backends) => new(null, [.. matches], [], [.. backends], null, null);

    public static RouteRule Rule(params BackendRef[] backends) => new(null, [], [], [.. backends], null, null);

    public static BackendRef Backend(string name, int port, int weight = 1, string ns = "") => new("Service", ns, name, port, weight);

    public static RouteMatch Prefix(string path) => new(new PathMatch("PathPrefix", path), [], [], null, null);

    public static RouteMatch Exact(string path) => new(new PathMatch("Exact", path), [], [], null, null);

    public static RouteMatch Regex(string pattern) => new(new PathMatch("RegularExpression", pattern), [], [], null, null);

    public static RouteMatch Header(string name, string value, string path = "/") =>
        new(new PathMatch("PathPrefix", path), [new ValueMatch("Exact", name, value)], [], null, null);

    public static RouteMatch Grpc(string? service, string? method, string type = "Exact") => new(null, [], [], null, new GrpcMethodMatch(type, service, method));

    public static PolicyTarget Target(string kind, string name, string? section = null) => new(kind, "", name, section);
}
