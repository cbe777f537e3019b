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
    /// Records (and, unless pinned, publishes) an incremental compilation that rebuilt only <paramref name="rebuilt"/>:
    /// each profile of the newest configuration with those ClusterLoadAssignments replaced, every other resource set
    /// shared. Returns false, having changed nothing, whenever the full path is needed instead: no earlier
    /// configuration with the same profiles, an assignment a profile does not hold, a rebuilt assignment that breaks an
    /// Envoy constraint (the full path reports it), or errors of an earlier build about generated resources (which the
    /// full path re-evaluates). Call under the lock.
    /// </summary>
    private bool TryApplyEndpoints(ModelContext model, Compiler.CompileResult result, IReadOnlyDictionary<string, ClusterLoadAssignment> rebuilt, Stopwatch watch, double compiled)
    {
        if (_history.Latest is not { } latest
            || Errors.Any(e => e.Reason is "ConstraintViolation" or "Inconsistent")
            || latest.Profiles.Count != result.Profiles.Count
            || !result.Profiles.Keys.All(latest.Profiles.ContainsKey))
        {
            return false;
        }

        // Serialize and check each rebuilt assignment once; every profile that holds it shares the instance.
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
        var now = _clock.GetUtcNow();
        var snapshots = new Dictionary<string, Snapshot>(StringComparer.Ordinal);
        var replaced = new List<(string Profile, XdsResource Resource)>();
        foreach (var (profile, current) in latest.Profiles)
        {
            var endpoints = current[TypeUrls.ClusterLoadAssignment];
            var changed = new List<XdsResource>();
            foreach (var (name, resource) in fresh)
            {
                // Only the assignments this profile holds, and only when their content really changed.
                if (endpoints.ByName.TryGetValue(name, out var held) && held.Version != resource.Version)
                {
                    changed.Add(resource);
                }
            }

            if (changed.Count == 0)
            {
                snapshots[profile] = current;
                continue;
            }

            if (current.WithReplaced(TypeUrls.ClusterLoadAssignment, changed, model.Generation, now) is not { } snapshot)
            {
                return false;
            }

            snapshots[profile] = snapshot;
            replaced.AddRange(changed.Select(r => (profile, r)));
        }

        foreach (var (profile, resource) in replaced)
        {
            _resources.Replace(profile, resource);
        }

        var errors = model.SourceErrors.Concat(result.Errors).ToList();
        Complete(model, result, ConfigSnapshot.Create(model.Generation, now, snapshots), latest, errors, (watch, compiled, resourcesMs), fresh.Count, reused: 0);
        return true;
    }
}
