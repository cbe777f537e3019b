using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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

    /// <summary>ReferenceGrants (consent for references into their namespace from routes and Gateways elsewhere).</summary>
    public EquatableArray<ReferenceGrantModel> ReferenceGrants { get; private init; }
    /// <summary>GatewayClasses (cluster-scoped): which controller serves the Gateways of each class.</summary>
    public EquatableArray<GatewayClassModel> GatewayClasses { get; private init; }

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
        long generation = 0,
        IEnumerable<ReferenceGrantModel>? referenceGrants = null,
        IEnumerable<GatewayClassModel>? gatewayClasses = null) => new()
        {
            Services = Sorted(services, s => s.Ref),
            EndpointSlices = Sorted(endpointSlices, s => s.Ref),
            Secrets = Sorted(secrets, s => s.Ref),
            Gateways = Sorted(gateways, g => g.Ref),
            Routes = Sorted(routes, r => r.Ref),
            Policies = Sorted(policies, p => p.Ref),
            SourceErrors = sourceErrors.OrderBy(e => e.Object).ThenBy(e => e.Field, StringComparer.Ordinal).ThenBy(e => e.Message, StringComparer.Ordinal).ToEquatableArray(),
            NamespaceLabels = namespaceLabels.OrderBy(n => n.Key, StringComparer.Ordinal).ToEquatableArray(),
            Generation = generation,
            ReferenceGrants = Sorted(referenceGrants ?? [], g => g.Ref),
            GatewayClasses = Sorted(gatewayClasses ?? [], c => c.Ref),
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

    // The hash covers each collection in a fixed order: its length and the hash of every item. An item's hash is the
    // SHA-256 of its JSON, computed once per instance: sources keep unchanged objects as the same instances, so after
    // an endpoint change only the changed slice is serialized, not the whole model.
    private string ComputeHash()
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Add(sha, Services);
        Add(sha, EndpointSlices);
        Add(sha, Secrets);
        Add(sha, Gateways);
        Add(sha, Routes);
        Add(sha, Policies);
        Add(sha, SourceErrors);
        Span<byte> count = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(count, NamespaceLabels.Count);
        sha.AppendData(count);
        sha.AppendData(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(NamespaceLabels)));

        // Collections added later join the hash only when non-empty, so models without them keep their hashes.
        if (ReferenceGrants.Count > 0)
        {
            Add(sha, ReferenceGrants);
        }

        if (GatewayClasses.Count > 0)
        {
            Add(sha, GatewayClasses);
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset().AsSpan(0, 8));
    }

    // A collection passed on unchanged from the previous model (see Sorted) is the same array: its hash is cached too.
    private static void Add<T>(IncrementalHash sha, EquatableArray<T> items)
        where T : class
    {
        var array = ImmutableCollectionsMarshal.AsArray(items.Items)!;
        sha.AppendData(CollectionHashes.GetValue(array, _ =>
        {
            using var collection = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            Span<byte> count = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(count, items.Count);
            collection.AppendData(count);
            foreach (var item in items)
            {
                collection.AppendData(ItemHash<T>.Of(item));
            }

            return collection.GetHashAndReset();
        }));
    }

    private static readonly ConditionalWeakTable<object, byte[]> CollectionHashes = [];

    /// <summary>
    /// <paramref name="items"/> sorted by identity. An <see cref="EquatableArray{T}"/> that is already sorted (a
    /// collection of the previous model a source passes on unchanged) is kept as it is, so comparing it with the
    /// previous one and hashing it cost nothing.
    /// </summary>
    private static EquatableArray<T> Sorted<T>(IEnumerable<T> items, Func<T, ObjectRef> key)
    {
        if (items is EquatableArray<T> array)
        {
            var sorted = true;
            for (var i = 1; i < array.Count && sorted; i++)
            {
                sorted = key(array[i - 1]).CompareTo(key(array[i])) < 0;
            }

            if (sorted)
            {
                return array;
            }
        }

        return items.OrderBy(key).ToEquatableArray();
    }

    /// <summary>Per-instance cache of item hashes; entries go away with their items.</summary>
    private static class ItemHash<T>
        where T : class
    {
        private static readonly ConditionalWeakTable<T, byte[]> Hashes = [];

        public static byte[] Of(T item) => Hashes.GetValue(item, static i => SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(i)));
    }
}
