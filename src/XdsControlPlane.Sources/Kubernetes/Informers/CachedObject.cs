using System.Text.Json;
using XdsControlPlane.Sources.Kubernetes.Api;
using XdsControlPlane.Sources.Mapping;

namespace XdsControlPlane.Sources.Kubernetes.Informers;

/// <summary>What an informer keeps of one object: the mapped record (or its errors), and what status writing needs.</summary>
/// <param name="Mapped">The object mapped by <see cref="ObjectMapper"/>.</param>
/// <param name="Generation">metadata.generation (the status's observedGeneration).</param>
/// <param name="ResourceVersion">metadata.resourceVersion.</param>
/// <param name="Status">The object's <c>status</c> for the kinds we write status on (GatewayClasses, Gateways, routes and
/// XdsPolicies; to leave an unchanged status alone), else undefined.</param>
/// <param name="ParentRefs">A route's <c>spec.parentRefs</c> as written (to report on a route that failed to map), else undefined.</param>
/// <param name="ClassName">A Gateway's <c>spec.gatewayClassName</c> as written, even when the Gateway failed to map (to tell
/// whether it is ours before reporting on it), else null.</param>
internal sealed record CachedObject(MappedObject Mapped, long Generation, string ResourceVersion, JsonElement Status, JsonElement ParentRefs = default, string? ClassName = null)
{
    /// <summary>The cache entry of <paramref name="item"/>, an object of <paramref name="type"/> as the API server sent it.</summary>
    public static CachedObject FromApi(ResourceType type, JsonElement item)
    {
        var mapped = ObjectMapper.Map(ApiObjects.ToNode(item), file: null, type.ApiVersion, type.Kind);
        var keepStatus = type == ResourceType.GatewayClass || type == ResourceType.Gateway || type == ResourceType.HttpRoute
            || type == ResourceType.GrpcRoute || type == ResourceType.XdsPolicy;
        var status = keepStatus && item.TryGetProperty("status", out var s) ? s.Clone() : default;
        var spec = item.TryGetProperty("spec", out var sp) && sp.ValueKind == JsonValueKind.Object ? sp : default;
        var isRoute = type == ResourceType.HttpRoute || type == ResourceType.GrpcRoute;
        var parents = isRoute && mapped.Value is null && spec.ValueKind == JsonValueKind.Object
            && spec.TryGetProperty("parentRefs", out var p) ? p.Clone() : default;
        var className = type == ResourceType.Gateway && spec.ValueKind == JsonValueKind.Object
            && spec.TryGetProperty("gatewayClassName", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        return new CachedObject(mapped, ApiObjects.Generation(item), ApiObjects.ResourceVersion(item) ?? "", status, parents, className);
    }

    /// <summary>True when <paramref name="other"/> maps to the same model input (a status-only change does not).</summary>
    public bool SameModelInput(CachedObject other) =>
        Equals(Mapped.Value, other.Mapped.Value) && Mapped.Errors.SequenceEqual(other.Mapped.Errors);
}
