using XdsControlPlane.Model;

namespace XdsControlPlane.Compiler;

/// <summary>What one compilation produced: resources per profile, errors per source object, status per GatewayClass, Gateway, route and policy.</summary>
/// <param name="Profiles">Resources per profile name (see <see cref="ProfileNames"/>), ordered by name.</param>
/// <param name="Errors">Every compile error, each attached to its source object; sorted by object, field, message.
/// Errors the sources found (<see cref="ModelContext.SourceErrors"/>) are not repeated here.</param>
/// <param name="Statuses">The status conditions each Gateway and each route (per parentRef) should carry; sorted.</param>
public sealed record CompileResult(
    IReadOnlyDictionary<string, ProfileResources> Profiles,
    IReadOnlyList<ModelError> Errors,
    IReadOnlyList<ObjectStatus> Statuses)
{
    /// <summary>
    /// Set only by the incremental endpoint path: the ClusterLoadAssignments it rebuilt, by cluster name (the same
    /// instance in every profile that has it). Everything else in <see cref="Profiles"/> is the previous result's, so a
    /// consumer may update just these. Null for a full compilation.
    /// </summary>
    public IReadOnlyDictionary<string, Envoy.Config.Endpoint.V3.ClusterLoadAssignment>? RebuiltAssignments { get; init; }

    /// <summary>The errors attached to <paramref name="source"/>.</summary>
    public IEnumerable<ModelError> ErrorsFor(ObjectRef source) => Errors.Where(e => e.Object == source);

    /// <summary>The statuses of <paramref name="source"/> (one per parentRef for routes, one for the other kinds).</summary>
    public IEnumerable<ObjectStatus> StatusesFor(ObjectRef source) => Statuses.Where(s => s.Object == source);
}
