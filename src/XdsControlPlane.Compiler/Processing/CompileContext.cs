using XdsControlPlane.Model;

namespace XdsControlPlane.Compiler.Processing;

/// <summary>Read-only lookups over the model plus the error sink of one compilation.</summary>
internal sealed class CompileContext
{
    private readonly HashSet<ModelError> _errors = [];
    private readonly Dictionary<(string, string), ServiceModel> _services;
    private readonly Dictionary<(string, string), TlsSecretModel> _secrets;
    private readonly Dictionary<(string, string), List<EndpointSliceModel>> _slices;
    private readonly Dictionary<string, EquatableArray<KeyValuePair<string, string>>> _namespaceLabels;

    public CompileContext(ModelContext model)
    {
        Model = model;
        _services = model.Services.ToDictionary(s => (s.Ref.Namespace, s.Ref.Name));
        _secrets = model.Secrets.ToDictionary(s => (s.Ref.Namespace, s.Ref.Name));
        _slices = model.EndpointSlices.GroupBy(s => (s.Ref.Namespace, s.ServiceName)).ToDictionary(g => g.Key, g => g.ToList());
        _namespaceLabels = model.NamespaceLabels.ToDictionary(n => n.Key, n => n.Value, StringComparer.Ordinal);
        Policies = new PolicyIndex(this);
    }

    public ModelContext Model { get; }

    public PolicyIndex Policies { get; }

    public ServiceModel? Service(string @namespace, string name) => _services.GetValueOrDefault((@namespace, name));

    public TlsSecretModel? Secret(string @namespace, string name) => _secrets.GetValueOrDefault((@namespace, name));

    /// <summary>EndpointSlices of a Service, in model (identity) order.</summary>
    public IReadOnlyList<EndpointSliceModel> SlicesOf(ObjectRef service) =>
        _slices.TryGetValue((service.Namespace, service.Name), out var slices) ? slices : [];

    public EquatableArray<KeyValuePair<string, string>> LabelsOf(string @namespace) =>
        _namespaceLabels.GetValueOrDefault(@namespace);

    public void Error(ObjectRef source, string field, string message, string reason) =>
        _errors.Add(new ModelError(source, field, message, reason));

    public IReadOnlyList<ModelError> Errors() => [.. _errors
        .OrderBy(e => e.Object)
        .ThenBy(e => e.Field, StringComparer.Ordinal)
        .ThenBy(e => e.Message, StringComparer.Ordinal)
        .ThenBy(e => e.Reason, StringComparer.Ordinal)];
}
