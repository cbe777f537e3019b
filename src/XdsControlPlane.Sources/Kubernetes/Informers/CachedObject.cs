using System.Text.Json;

namespace XdsControlPlane.Sources.Kubernetes.Informers;

/// <summary>What an informer keeps of one object: the mapped record (or its errors), and what status writing needs.</summary>
/// <param name="Mapped">The object mapped by <see cref="ObjectMapper"/>.</param>
/// <param name="Generation">metadata.generation (the status's observedGeneration).</param>
/// <param name="ResourceVersion">metadata.resourceVersion.</param>
/// <param name="Status">The object's <c>status</c> for GatewayClasses, Gateways and routes (to leave an unchanged status alone), else undefined.</param>
/// <param name="ParentRefs">A route's <c>spec.parentRefs</c> as written (to report on a route that failed to map), else undefined.</param>
/// <param name="ClassName">A Gateway's <c>spec.gatewayClassName</c> as written, even when the Gateway failed to map (to tell
/// whether it is ours before reporting on it), else null.</param>
internal sealed record CachedObject(MappedObject Mapped, long Generation, string ResourceVersion, JsonElement Status, JsonElement ParentRefs = default, string? ClassName = null)
{
    /// <summary>True when <paramref name="other"/> maps to the same model input (a status-only change does not).</summary>
    public bool SameModelInput(CachedObject other) =>
        Equals(Mapped.Value, other.Mapped.Value) && Mapped.Errors.SequenceEqual(other.Mapped.Errors);
}
