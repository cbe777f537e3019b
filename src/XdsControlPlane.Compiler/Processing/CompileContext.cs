using XdsControlPlane.Model;

namespace XdsControlPlane.Compiler.Processing;

/// <summary>Read-only lookups over the model plus the error sink of one compilation.</summary>
internal sealed class CompileContext
{
    /// <summary>The API group of Gateways and routes, as ReferenceGrants name it in <c>from</c>.</summary>
    private const string GatewayApiGroup = "gateway.networking.k8s.io";

    private readonly HashSet<ModelError> _errors = [];
    private readonly Dictionary<string, Envoy.Config.Endpoint.V3.ClusterLoadAssignment> _assignments = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string), ServiceModel> _services;
    private readonly Dictionary<(string, string), TlsSecretModel> _secrets;
    private readonly Dictionary<(string, string), List<EndpointSliceModel>> _slices;
    private readonly Dictionary<string, EquatableArray<KeyValuePair<string, string>>> _namespaceLabels;
    private readonly Dictionary<ObjectRef, HttpRouteModel> _routes;
    private readonly Dictionary<(string, string), GatewayModel> _gateways;
    private readonly ILookup<string, ReferenceGrantModel> _grants;
    private readonly Dictionary<string, GatewayClassModel> _gatewayClasses;

    public CompileContext(ModelContext model, CompileOptions options)
    {
        Model = model;
        Options = options;
        _services = model.Services.ToDictionary(s => (s.Ref.Namespace, s.Ref.Name));
        _secrets = model.Secrets.ToDictionary(s => (s.Ref.Namespace, s.Ref.Name));
        _slices = model.EndpointSlices.GroupBy(s => (s.Ref.Namespace, s.ServiceName)).ToDictionary(g => g.Key, g => g.ToList());
        _routes = model.Routes.ToDictionary(r => r.Ref);
        _gateways = model.Gateways.ToDictionary(g => (g.Ref.Namespace, g.Ref.Name));
        _grants = model.ReferenceGrants.ToLookup(g => g.Ref.Namespace, StringComparer.Ordinal);
        _gatewayClasses = model.GatewayClasses.ToDictionary(c => c.Ref.Name, StringComparer.Ordinal);
        _namespaceLabels = model.NamespaceLabels.ToDictionary(n => n.Key, n => n.Value, StringComparer.Ordinal);
        Policies = new PolicyIndex(this);
    }

    public ModelContext Model { get; }

    public CompileOptions Options { get; }

    public PolicyIndex Policies { get; }

    public ServiceModel? Service(string @namespace, string name) => _services.GetValueOrDefault((@namespace, name));

    public HttpRouteModel? Route(string kind, string @namespace, string name) => _routes.GetValueOrDefault(new ObjectRef(kind, @namespace, name));

    public GatewayModel? Gateway(string @namespace, string name) => _gateways.GetValueOrDefault((@namespace, name));

    public GatewayClassModel? GatewayClass(string name) => _gatewayClasses.GetValueOrDefault(name);

    public TlsSecretModel? Secret(string @namespace, string name) => _secrets.GetValueOrDefault((@namespace, name));

    /// <summary>
    /// Whether <paramref name="from"/> (a Gateway, HTTPRoute or GRPCRoute) may reference the object of core kind
    /// <paramref name="kind"/> named <paramref name="name"/> in <paramref name="namespace"/>: always in its own namespace,
    /// elsewhere only when a ReferenceGrant there names the referrer's kind and namespace and the target's kind (and,
    /// if it names one, the target itself).
    /// </summary>
    public bool Permits(ObjectRef from, string kind, string @namespace, string name) =>
        from.Namespace == @namespace || _grants[@namespace].Any(g =>
            g.From.Any(f => f.Group == GatewayApiGroup && f.Kind == from.Kind && f.Namespace == from.Namespace)
            && g.To.Any(t => t.Group.Length == 0 && t.Kind == kind && (t.Name is null || t.Name == name)));

    /// <summary>EndpointSlices of a Service, in model (identity) order.</summary>
    public IReadOnlyList<EndpointSliceModel> SlicesOf(ObjectRef service) =>
        _slices.TryGetValue((service.Namespace, service.Name), out var slices) ? slices : [];

    /// <summary>
    /// The endpoints of a Service port, built once per compilation and shared by every profile that routes to it
    /// (the assignment does not depend on the profile; nobody mutates it after building).
    /// </summary>
    public Envoy.Config.Endpoint.V3.ClusterLoadAssignment Assignment(ClusterUse use)
    {
        if (!_assignments.TryGetValue(use.Name, out var assignment))
        {
            _assignments[use.Name] = assignment = EndpointProcessor.ClusterLoadAssignment(this, use);
        }

        return assignment;
    }

    public EquatableArray<KeyValuePair<string, string>> LabelsOf(string @namespace) =>
        _namespaceLabels.GetValueOrDefault(@namespace);

    public void Error(ObjectRef source, string field, string message, string reason) =>
        _errors.Add(new ModelError(source, field, message, reason));

    /// <summary>Something applied only partly (e.g. by Envoy but not by proxyless clients): reported, not an error.</summary>
    public void Warning(ObjectRef source, string field, string message, string reason) =>
        _errors.Add(new ModelError(source, field, message, reason) { Severity = ModelErrorSeverity.Warning });

    public IReadOnlyList<ModelError> Errors() => [.. _errors
        .OrderBy(e => e.Object)
        .ThenBy(e => e.Field, StringComparer.Ordinal)
        .ThenBy(e => e.Message, StringComparer.Ordinal)
        .ThenBy(e => e.Reason, StringComparer.Ordinal)];
}
