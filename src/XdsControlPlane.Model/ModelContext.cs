using System.Security.Cryptography;
using System.Text.Json;
using XdsControlPlane.Model.Policies;

namespace XdsControlPlane.Model;

/// <summary>
/// Everything the compiler reads, as one immutable value. Collections are sorted by object identity, so equal
/// inputs give equal values and an equal <see cref="ContentHash"/> on any replica and after any restart.
/// <see cref="Generation"/> is local: it counts rebuilds in this process.
/// </summary>
public sealed record ModelContext
{
    /// <summary>An empty model.</summary>
    public static ModelContext Empty { get; } = Create([], [], [], [], [], [], [], []);

    /// <summary>Services.</summary>
    public EquatableArray<ServiceModel> Services { get; private init; }

    /// <summary>EndpointSlices.</summary>
    public EquatableArray<EndpointSliceModel> EndpointSlices { get; private init; }

    /// <summary>TLS Secrets.</summary>
    public EquatableArray<TlsSecretModel> Secrets { get; private init; }

    /// <summary>Gateways.</summary>
    public EquatableArray<GatewayModel> Gateways { get; private init; }

    /// <summary>HTTPRoutes and GRPCRoutes.</summary>
    public EquatableArray<HttpRouteModel> Routes { get; private init; }

    /// <summary>Policies.</summary>
    public EquatableArray<PolicyModel> Policies { get; private init; }

    /// <summary>Errors the sources found (unparsable or invalid objects, which are left out of the collections).</summary>
    public EquatableArray<ModelError> SourceErrors { get; private init; }

    /// <summary>Namespace labels (for Gateway listeners that select route namespaces by label).</summary>
    public EquatableArray<KeyValuePair<string, EquatableArray<KeyValuePair<string, string>>>> NamespaceLabels { get; private init; }

    /// <summary>Rebuild counter of this process (not part of the content; the only member <c>with</c> may change).</summary>
    public long Generation { get; init; }

    /// <summary>Hex SHA-256 prefix of the content (everything but <see cref="Generation"/>).</summary>
    public string ContentHash => _hash ??= ComputeHash();

    private string? _hash;

    /// <summary>Builds a model, sorting every collection by identity.</summary>
    public static ModelContext Create(
        IEnumerable<ServiceModel> services,
        IEnumerable<EndpointSliceModel> endpointSlices,
        IEnumerable<TlsSecretModel> secrets,
        IEnumerable<GatewayModel> gateways,
        IEnumerable<HttpRouteModel> routes,
        IEnumerable<PolicyModel> policies,
        IEnumerable<ModelError> sourceErrors,
        IEnumerable<KeyValuePair<string, EquatableArray<KeyValuePair<string, string>>>> namespaceLabels,
        long generation = 0) => new()
        {
            Services = services.OrderBy(s => s.Ref).ToEquatableArray(),
            EndpointSlices = endpointSlices.OrderBy(s => s.Ref).ToEquatableArray(),
            Secrets = secrets.OrderBy(s => s.Ref).ToEquatableArray(),
            Gateways = gateways.OrderBy(g => g.Ref).ToEquatableArray(),
            Routes = routes.OrderBy(r => r.Ref).ToEquatableArray(),
            Policies = policies.OrderBy(p => p.Ref).ToEquatableArray(),
            SourceErrors = sourceErrors.OrderBy(e => e.Object).ThenBy(e => e.Field, StringComparer.Ordinal).ThenBy(e => e.Message, StringComparer.Ordinal).ToEquatableArray(),
            NamespaceLabels = namespaceLabels.OrderBy(n => n.Key, StringComparer.Ordinal).ToEquatableArray(),
            Generation = generation,
        };

    /// <summary>
    /// This model with <paramref name="policies"/> and <paramref name="errors"/> added (from a second source, e.g. the
    /// policy store), sorted like <see cref="Create"/>: the result equals, hash included, a model created with
    /// everything at once. Callers resolve identity clashes first.
    /// </summary>
    public ModelContext WithPolicies(IEnumerable<PolicyModel> policies, IEnumerable<ModelError> errors, long generation) => this with
    {
        Policies = Policies.Concat(policies).OrderBy(p => p.Ref).ToEquatableArray(),
        SourceErrors = SourceErrors.Concat(errors).OrderBy(e => e.Object).ThenBy(e => e.Field, StringComparer.Ordinal).ThenBy(e => e.Message, StringComparer.Ordinal).ToEquatableArray(),
        Generation = generation,
        _hash = null,
    };

    /// <summary>Content equality (the generation is not content).</summary>
    public bool Equals(ModelContext? other) => other is not null && ContentHash == other.ContentHash;

    /// <inheritdoc />
    public override int GetHashCode() => ContentHash.GetHashCode(StringComparison.Ordinal);

    private string ComputeHash()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new object[] { Services, EndpointSlices, Secrets, Gateways, Routes, Policies, SourceErrors, NamespaceLabels });
        return Convert.ToHexStringLower(SHA256.HashData(json).AsSpan(0, 8));
    }
}
