using System.Globalization;
using XdsControlPlane.Model;
using XdsControlPlane.Model.Validation;
using XdsControlPlane.Sources.Documents;

namespace XdsControlPlane.Sources.Mapping;

/// <summary>
/// Maps one Kubernetes-style object (from a manifest or the API) to its model record: reads metadata, dispatches on
/// apiVersion and kind, then validates the record on its own. Shared by the manifest and Kubernetes sources.
/// </summary>
internal static class ObjectMapper
{
    /// <summary>apiVersion of Gateway API objects.</summary>
    public const string GatewayApi = "gateway.networking.k8s.io/v1";

    /// <summary>apiVersion of the beta Gateway API kinds (ReferenceGrant is served as v1beta1 and, later, v1).</summary>
    public const string GatewayApiBeta = "gateway.networking.k8s.io/v1beta1";

    /// <summary>apiVersion of our own policy kind.</summary>
    public const string PolicyApi = "xds.controlplane.io/v1alpha1";

    /// <summary>An empty object, read in place of absent sections so mappers need no null checks.</summary>
    public static readonly MappingNode Empty = new(0, 0, []);

    /// <summary>Maps <paramref name="node"/>.</summary>
    /// <param name="node">The object.</param>
    /// <param name="file">Manifest file relative to its directory, or null for API objects.</param>
    /// <param name="listApiVersion">For items of a typed list (<c>HTTPRouteList</c>) that omit apiVersion: the list's.</param>
    /// <param name="listItemKind">For items of a typed list that omit kind: the list's kind without <c>List</c>.</param>
    public static MappedObject Map(MappingNode node, string? file, string? listApiVersion = null, string? listItemKind = null)
    {
        var location = file is null ? null : $"{file}:{node.Line}";
        var probe = new MapContext(new ObjectRef("Unknown", "", ""), file: null);
        var apiVersion = probe.String(node, "apiVersion", "") ?? listApiVersion ?? "";
        var kind = probe.String(node, "kind", "") ?? listItemKind ?? "";
        var metadata = probe.Map(node, "metadata", "") ?? Empty;
        var name = probe.String(metadata, "name", "metadata") ?? "";
        var clusterScoped = (kind == "Namespace" && apiVersion == "v1") || (kind == "GatewayClass" && apiVersion == GatewayApi);
        var ns = clusterScoped ? "" : probe.String(metadata, "namespace", "metadata") ?? "default";
        var ctx = new MapContext(new ObjectRef(kind.Length == 0 ? "Unknown" : kind, ns, name), file, sensitive: kind == "Secret");
        ctx.AddLocated(probe.Errors, node);
        if (apiVersion.Length == 0 || kind.Length == 0)
        {
            ctx.Error(node, apiVersion.Length == 0 ? "apiVersion" : "kind", "is required: every object needs apiVersion and kind");
            return Result(ctx, null, location);
        }

        if (name.Length == 0)
        {
            ctx.Error(metadata.Line == 0 ? node : metadata, "metadata.name", "is required");
        }

        var meta = new ObjectMeta(ctx.Long(metadata, "generation", "metadata") ?? 0, CreatedAt(ctx, metadata), ctx.StringMap(metadata, "labels", "metadata"));
        var spec = ctx.Map(node, "spec", "") ?? Empty;
        object? value = (apiVersion, kind) switch
        {
            ("v1", "Service") => ServiceMapper.Map(ctx, spec),
            ("discovery.k8s.io/v1", "EndpointSlice") => EndpointSliceMapper.Map(ctx, node, meta),
            ("v1", "Secret") => SecretMapper.Map(ctx, node),
            ("v1", "Namespace") => new NamespaceInfo(name, meta.Labels),
            (GatewayApi, "GatewayClass") => GatewayClassMapper.Map(ctx, spec, meta),
            (GatewayApi, "Gateway") => GatewayMapper.Map(ctx, spec, meta),
            (GatewayApi, "HTTPRoute") => HttpRouteMapper.Map(ctx, spec, meta),
            (GatewayApi, "GRPCRoute") => GrpcRouteMapper.Map(ctx, spec, meta),
            (GatewayApi or GatewayApiBeta, "ReferenceGrant") => ReferenceGrantMapper.Map(ctx, spec),
            (PolicyApi, "XdsPolicy") => XdsPolicyMapper.Map(ctx, node, meta),
            _ => Unsupported(ctx, node, apiVersion, kind),
        };

        if (!ctx.Failed)
        {
            ctx.AddLocated(Validate(value), node);
        }

        return Result(ctx, value, location);
    }

    private static IReadOnlyList<ModelError> Validate(object? value) => value switch
    {
        Model.Policies.PolicyModel policy => ModelValidation.Validate(policy),
        HttpRouteModel route => ModelValidation.Validate(route),
        GatewayModel gateway => ModelValidation.Validate(gateway),
        ReferenceGrantModel grant => ModelValidation.Validate(grant),
        GatewayClassModel gatewayClass => ModelValidation.Validate(gatewayClass),
        _ => [],
    };

    private static MappedObject Result(MapContext ctx, object? value, string? location) =>
        new(ctx.Object, ctx.Failed ? null : value, ctx.Errors, location);

    private static object? Unsupported(MapContext ctx, MappingNode node, string apiVersion, string kind)
    {
        ctx.Warning(node["kind"] ?? node, "kind", $"{apiVersion} {kind} is not a kind this control plane reads; skipped", "UnsupportedKind");
        return null;
    }

    private static DateTimeOffset? CreatedAt(MapContext ctx, MappingNode metadata)
    {
        var text = ctx.String(metadata, "creationTimestamp", "metadata");
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return at.ToUniversalTime();
        }

        ctx.Error(metadata["creationTimestamp"], "metadata.creationTimestamp", $"'{text}' is not an RFC 3339 timestamp");
        return null;
    }
}
