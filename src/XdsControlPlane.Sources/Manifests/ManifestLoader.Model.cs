using XdsControlPlane.Model;
using XdsControlPlane.Model.Policies;
using XdsControlPlane.Sources.Documents;
using XdsControlPlane.Sources.Mapping;

namespace XdsControlPlane.Sources.Manifests;

/// <summary>Mapping files, and assembling the model from the per-file results: duplicates resolved in path order, collections kept sorted.</summary>
internal sealed partial class ManifestLoader
{
    private readonly SortedCollection<ServiceModel> _services = new(s => s.Ref);
    private readonly SortedCollection<EndpointSliceModel> _endpointSlices = new(s => s.Ref);
    private readonly SortedCollection<TlsSecretModel> _secrets = new(s => s.Ref);
    private readonly SortedCollection<GatewayModel> _gateways = new(g => g.Ref);
    private readonly SortedCollection<HttpRouteModel> _routes = new(r => r.Ref);
    private readonly SortedCollection<PolicyModel> _policies = new(p => p.Ref);
    private readonly SortedCollection<ReferenceGrantModel> _referenceGrants = new(g => g.Ref);
    private readonly SortedCollection<GatewayClassModel> _gatewayClasses = new(c => c.Ref);
    private List<ModelError> _errors = [];
    private List<KeyValuePair<string, EquatableArray<KeyValuePair<string, string>>>> _namespaces = [];
    private HashSet<string> _duplicateFiles = new(StringComparer.Ordinal); // files with an object of a duplicate pair

    private ModelContext Build(long generation)
    {
        var errors = new List<ModelError>();
        var namespaces = new List<KeyValuePair<string, EquatableArray<KeyValuePair<string, string>>>>();
        var duplicateFiles = new HashSet<string>(StringComparer.Ordinal);
        var first = new Dictionary<ObjectRef, (MappedObject Object, string File)>();
        var (services, slices, secrets, gateways) = (new List<ServiceModel>(), new List<EndpointSliceModel>(), new List<TlsSecretModel>(), new List<GatewayModel>());
        var (routes, policies, grants, classes) = (new List<HttpRouteModel>(), new List<PolicyModel>(), new List<ReferenceGrantModel>(), new List<GatewayClassModel>());
        foreach (var file in _order.Select(r => _files[r]))
        {
            errors.AddRange(file.Errors);
            foreach (var mapped in file.Objects)
            {
                if (IsIdentified(mapped) && !first.TryAdd(mapped.Ref, (mapped, file.Relative)))
                {
                    var original = first[mapped.Ref];
                    errors.Add(new ModelError(mapped.Ref, "metadata.name",
                        $"duplicate: {mapped.Ref} is already defined at {original.Object.Location}; this copy is ignored ({mapped.Location})", "Duplicate"));
                    duplicateFiles.Add(original.File);
                    duplicateFiles.Add(file.Relative);
                    continue;
                }

                errors.AddRange(mapped.Errors);
                switch (mapped.Value)
                {
                    case ServiceModel service: services.Add(service); break;
                    case EndpointSliceModel slice: slices.Add(slice); break;
                    case TlsSecretModel secret: secrets.Add(secret); break;
                    case GatewayModel gateway: gateways.Add(gateway); break;
                    case HttpRouteModel route: routes.Add(route); break;
                    case PolicyModel policy: policies.Add(policy); break;
                    case ReferenceGrantModel grant: grants.Add(grant); break;
                    case GatewayClassModel gatewayClass: classes.Add(gatewayClass); break;
                    case NamespaceInfo ns: namespaces.Add(new(ns.Name, ns.Labels)); break;
                }
            }
        }

        (_errors, _namespaces, _duplicateFiles) = (errors, namespaces, duplicateFiles);
        _services.Update(services);
        _endpointSlices.Update(slices);
        _secrets.Update(secrets);
        _gateways.Update(gateways);
        _routes.Update(routes);
        _policies.Update(policies);
        _referenceGrants.Update(grants);
        _gatewayClasses.Update(classes);
        return Create(generation);
    }

    /// <summary>
    /// The model after edits that leave every file's objects the same identities in the same order, none of them in a
    /// duplicate pair: the winners are the same, so each changed value is swapped into its collection and each changed
    /// file's errors replace its old ones, without walking the other files. Null when that does not hold.
    /// </summary>
    private ModelContext? TryPatch(List<(ManifestFile? Old, ManifestFile? New)> changes, long generation)
    {
        var replacements = new List<(object Old, object New)>();
        var dropped = new HashSet<ModelError>(ReferenceEqualityComparer.Instance);
        var added = new List<ModelError>();
        foreach (var (old, file) in changes)
        {
            if (old is null || file is null || _duplicateFiles.Contains(old.Relative) || old.Objects.Count != file.Objects.Count)
            {
                return null;
            }

            for (var i = 0; i < old.Objects.Count; i++)
            {
                var (before, after) = (old.Objects[i], file.Objects[i]);
                if (before.Ref != after.Ref || IsIdentified(before) != IsIdentified(after) || before.Value?.GetType() != after.Value?.GetType()
                    || before.Value is NamespaceInfo)
                {
                    return null;
                }

                if (before.Value is not null && !ReferenceEquals(before.Value, after.Value))
                {
                    replacements.Add((before.Value, after.Value!));
                }

                dropped.UnionWith(before.Errors);
                added.AddRange(after.Errors);
            }

            dropped.UnionWith(old.Errors);
            added.AddRange(file.Errors);
        }

        var replaced = _services.TryReplace(replacements) && _endpointSlices.TryReplace(replacements) && _secrets.TryReplace(replacements)
            && _gateways.TryReplace(replacements) && _routes.TryReplace(replacements) && _policies.TryReplace(replacements)
            && _referenceGrants.TryReplace(replacements) && _gatewayClasses.TryReplace(replacements);
        if (!replaced)
        {
            return null;
        }

        _errors = [.. _errors.Where(e => !dropped.Contains(e)).Concat(added)];
        return Create(generation);
    }

    // Each collection is the previous model's array when none of its objects changed (ModelContext keeps it as it is).
    private ModelContext Create(long generation) => ModelContext.Create(_services.Sorted, _endpointSlices.Sorted, _secrets.Sorted,
        _gateways.Sorted, _routes.Sorted, _policies.Sorted, _errors, _namespaces, generation, _referenceGrants.Sorted, _gatewayClasses.Sorted);

    private static bool IsIdentified(MappedObject mapped) => LastKnownGood.Identified(mapped);

    // The file's objects from its documents as read now; those of broken documents keep their last good versions.
    private static ManifestFile Map(ManifestFile? old, Candidate file, DateTime readAt, byte[]? hash, IReadOnlyList<ManifestDocument> documents,
        Dictionary<ObjectRef, object> previousValues)
    {
        var relative = file.Relative;
        var errors = new List<ModelError>();
        var mapped = new List<(ManifestDocument, IReadOnlyList<MappedObject>)>(documents.Count);
        foreach (var (document, index) in documents.Select((d, i) => (d, i)))
        {
            if (document.Error is { } error)
            {
                errors.Add(error);
            }
            else if (document.Node is not MappingNode)
            {
                errors.Add(ManifestFileReader.FileError(relative, $"document {index + 1} is {document.Node?.Describe()}, not an object ({relative}:{document.Line})", "Invalid"));
            }

            var objects = new List<MappedObject>();
            foreach (var mappedObject in document.Node is MappingNode node ? Expand(node, relative) : [])
            {
                objects.Add(mappedObject.Value is { } value && previousValues.TryGetValue(mappedObject.Ref, out var previous) && previous.Equals(value)
                    ? mappedObject with { Value = previous }
                    : mappedObject);
            }

            mapped.Add((document, objects));
        }

        var (kept, documentOf) = LastKnownGood.Merge(old, mapped, relative);
        return new ManifestFile(relative, file.Length, file.LastWriteUtc, readAt, hash, kept, errors, documentOf);
    }

    // A List (kubectl get -o yaml) holds objects in items; a typed list (HTTPRouteList) may leave their apiVersion and kind out.
    private static IEnumerable<MappedObject> Expand(MappingNode node, string file)
    {
        var kind = (MapContext.Get(node, "kind") as ScalarNode)?.Text;
        if (kind is null || !kind.EndsWith("List", StringComparison.Ordinal) || MapContext.Get(node, "items") is not SequenceNode items)
        {
            yield return ObjectMapper.Map(node, file);
            yield break;
        }

        var typed = kind != "List";
        var apiVersion = typed ? (MapContext.Get(node, "apiVersion") as ScalarNode)?.Text : null;
        var itemKind = typed ? kind[..^"List".Length] : null;
        foreach (var item in items.Items)
        {
            if (item is MappingNode mapping)
            {
                yield return ObjectMapper.Map(mapping, file, apiVersion, itemKind);
            }
            else
            {
                yield return new MappedObject(new ObjectRef(ManifestFileReader.FileKind, "", file), null,
                    [ManifestFileReader.FileError(file, $"a list item is {item.Describe()}, not an object ({file}:{item.Line})", "Invalid")], null);
            }
        }
    }
}
