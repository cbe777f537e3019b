using System.Diagnostics;
using Envoy.Config.Endpoint.V3;
using XdsControlPlane.Compiler.Validation;
using XdsControlPlane.Model;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Reconcile;

/// <summary>The fast path for endpoint-only changes: cost follows the endpoints that changed, not the model.</summary>
internal sealed partial class Reconciler
{
    /// <summary>
    /// Publishes an incremental compilation that rebuilt only <paramref name="rebuilt"/>: each profile's last snapshot
    /// with those ClusterLoadAssignments replaced, every other resource set shared. Returns false, having changed
    /// nothing, whenever the full path is needed instead: a profile without a published snapshot, an assignment the
    /// snapshot does not hold, a rebuilt assignment that breaks an Envoy constraint (the full path reports it), or
    /// constraint errors from an earlier build (which the full path re-evaluates).
    /// </summary>
    private bool TryApplyEndpoints(ModelContext model, Compiler.CompileResult result, IReadOnlyDictionary<string, ClusterLoadAssignment> rebuilt, Stopwatch watch, double compiled)
    {
        if (Errors.Any(e => e.Reason == "ConstraintViolation") || !result.Profiles.Keys.ToHashSet(StringComparer.Ordinal).SetEquals(_lastResult!.Profiles.Keys))
        {
            return false;
        }

        // Serialize and check each rebuilt assignment once; all profiles share the instance.
        var fresh = new Dictionary<string, XdsResource>(StringComparer.Ordinal);
        foreach (var (name, assignment) in rebuilt)
        {
            if (ProtoConstraints.Envoy.Check(assignment).Count > 0)
            {
                return false;
            }

            fresh[name] = XdsResource.Create(assignment);
        }

        var resourcesMs = watch.Elapsed.TotalMilliseconds - compiled;
        var next = new List<(string Profile, Snapshot Snapshot, List<XdsResource> Changed)>();
        foreach (var profile in result.Profiles.Keys)
        {
            if (store.Get(profile) is not { } current)
            {
                return false;
            }

            var endpoints = current[TypeUrls.ClusterLoadAssignment];
            var changed = new List<XdsResource>();
            foreach (var (name, resource) in fresh)
            {
                // Only the assignments this profile holds, and only if their content really changed.
                if (endpoints.ByName.TryGetValue(name, out var held) && held.Version != resource.Version)
                {
                    changed.Add(resource);
                }
            }

            if (changed.Count == 0)
            {
                continue;
            }

            if (current.WithReplaced(TypeUrls.ClusterLoadAssignment, changed, model.Generation) is not { } snapshot)
            {
                return false;
            }

            next.Add((profile, snapshot, changed));
        }

        var published = 0;
        foreach (var (profile, snapshot, changed) in next)
        {
            published += store.Publish(profile, snapshot) ? 1 : 0;
            foreach (var resource in changed)
            {
                _resources.Replace(profile, resource);
            }
        }

        LastTimings = (compiled, resourcesMs, watch.Elapsed.TotalMilliseconds - compiled - resourcesMs);
        Errors = model.SourceErrors.Concat(result.Errors).OrderBy(e => e.Object).ThenBy(e => e.Field, StringComparer.Ordinal).ToArray();
        Model = model;
        _lastResult = result;
        LogApplied(logger, model.Generation, model.ContentHash, result.Profiles.Count, published, fresh.Count, 0, Errors.Count, watch.ElapsedMilliseconds);
        return true;
    }
}
