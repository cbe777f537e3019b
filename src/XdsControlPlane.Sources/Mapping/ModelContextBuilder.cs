using XdsControlPlane.Model;
using XdsControlPlane.Model.Policies;

namespace XdsControlPlane.Sources.Mapping;

/// <summary>Assembles mapped objects into a <see cref="ModelContext"/>: the records that survived, and every error.</summary>
internal static class ModelContextBuilder
{
    /// <summary>Builds the model from <paramref name="objects"/> plus errors that belong to no object (unparsable files, duplicates).</summary>
    public static ModelContext Build(IReadOnlyCollection<MappedObject> objects, IEnumerable<ModelError> otherErrors, long generation = 0)
    {
        var values = objects.Select(o => o.Value).Where(v => v is not null).ToList();
        return ModelContext.Create(
            values.OfType<ServiceModel>(),
            values.OfType<EndpointSliceModel>(),
            values.OfType<TlsSecretModel>(),
            values.OfType<GatewayModel>(),
            values.OfType<HttpRouteModel>(),
            values.OfType<PolicyModel>(),
            objects.SelectMany(o => o.Errors).Concat(otherErrors),
            values.OfType<NamespaceInfo>().Select(n => new KeyValuePair<string, EquatableArray<KeyValuePair<string, string>>>(n.Name, n.Labels)),
            generation,
            values.OfType<ReferenceGrantModel>(),
            values.OfType<GatewayClassModel>());
    }
}
