using XdsControlPlane.Model;

namespace XdsControlPlane.Compiler.Processing;

/// <summary>
/// The <c>Accepted</c> condition of each policy, from the errors compiling it raised (the reasons of Gateway API policy
/// status, GEP-713): <c>TargetNotFound</c> when its target (or section) does not exist; <c>Invalid</c> when a setting
/// is unusable and left out; <c>Conflicted</c> when another policy on the same target already sets one of its settings
/// (the first by name wins); else <c>Accepted</c>. Messages list every error. Warnings (settings proxyless clients
/// lack) do not count: the policy applies where Envoy runs.
/// </summary>
internal static class PolicyStatuses
{
    public static IEnumerable<ObjectStatus> Of(ModelContext model, IReadOnlyList<ModelError> errors)
    {
        var byPolicy = errors.Where(e => e.Severity == ModelErrorSeverity.Error && e.Object.Kind == "XdsPolicy").ToLookup(e => e.Object);
        foreach (var policy in model.Policies)
        {
            var own = byPolicy[policy.Ref].ToList();
            var reason = own.Count == 0 ? Reasons.Accepted
                : own.Any(e => e.Reason == Reasons.TargetNotFound) ? Reasons.TargetNotFound
                : own.Any(e => e.Reason != Reasons.Conflicted) ? Reasons.Invalid
                : Reasons.Conflicted;
            var message = own.Count == 0 ? "applies to " + Target(policy) : string.Join("; ", own.Select(e => $"{e.Field}: {e.Message}"));
            yield return new ObjectStatus(policy.Ref, policy.Generation, null, [new StatusCondition(Reasons.Accepted, own.Count == 0, reason, message)]);
        }
    }

    private static string Target(Model.Policies.PolicyModel policy)
    {
        var (kind, ns, name, section) = PolicyIndex.Key(policy);
        return $"{kind} {ns}/{name}{(section.Length == 0 ? "" : "#" + section)}";
    }
}
