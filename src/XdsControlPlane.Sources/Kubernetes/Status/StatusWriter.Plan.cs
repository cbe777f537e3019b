using System.Text.Json;
using System.Text.Json.Nodes;
using XdsControlPlane.Model;
using XdsControlPlane.Sources.Kubernetes.Api;
using XdsControlPlane.Sources.Kubernetes.Informers;

namespace XdsControlPlane.Sources.Kubernetes.Status;

/// <summary>What to patch: the desired status of each object, computed from its cached copy, and the patch itself.</summary>
internal sealed partial class StatusWriter
{
    /// <summary>
    /// One object's status to write: computed from <paramref name="Cached"/> by <paramref name="Compute"/>, which can
    /// compute it again from a newer copy of the object (null when there is then nothing of ours to write).
    /// </summary>
    private sealed record Planned(ObjectRef Object, ResourceType Type, CachedObject Cached, JsonObject Desired, Func<CachedObject, JsonObject?> Compute);

    /// <summary>
    /// Patches <paramref name="planned"/> with the cached resourceVersion as precondition. On 409 Conflict the object
    /// changed after the cached copy: read it, compute the status again from it, and patch that (up to
    /// <see cref="MaxAttempts"/> patches; the last conflict is thrown, and the pass retried later). False when
    /// nothing needed patching after all.
    /// </summary>
    private async Task<bool> PatchAsync(Planned planned, CancellationToken cancellationToken)
    {
        var (obj, cached, desired) = (planned.Object, planned.Cached, planned.Desired);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _api.PatchStatusAsync(planned.Type, obj.Namespace, obj.Name, Patch(desired, cached.ResourceVersion), cancellationToken).ConfigureAwait(false);
                LogPatched(obj.ToString());
                return true;
            }
            catch (KubernetesApiException e) when (e.IsConflict && attempt < MaxAttempts)
            {
                LogConflict(obj.ToString(), cached.ResourceVersion, attempt, MaxAttempts);
            }

            if (await _api.GetAsync(planned.Type, obj.Namespace, obj.Name, cancellationToken).ConfigureAwait(false) is not { } fresh)
            {
                return false;
            }

            cached = CachedObject.FromApi(planned.Type, fresh);
            if (planned.Compute(cached) is not { } next || StatusDocuments.Unchanged(next, cached.Status))
            {
                return false;
            }

            desired = next;
        }
    }

    /// <summary>The merge patch: the status, and the resourceVersion it was computed from (the server's precondition).</summary>
    private static JsonObject Patch(JsonObject status, string resourceVersion)
    {
        var patch = new JsonObject { ["status"] = status.DeepClone() };
        if (resourceVersion.Length > 0)
        {
            patch["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion };
        }

        return patch;
    }

    private IEnumerable<Planned> Plan(IReadOnlyList<ObjectStatus> statuses, IReadOnlyList<ModelError> errors)
    {
        var now = _time.GetUtcNow();
        var planned = new HashSet<ObjectRef>();
        foreach (var group in statuses.GroupBy(s => s.Object))
        {
            // A status for an object the cache holds only as a failed mapping is not this object's (a policy of the
            // policy store with the same namespace and name): the object's errors are reported below instead.
            if (TypeOf(group.Key) is not { } type || _find(group.Key) is not { Mapped.Value: not null } cached)
            {
                continue;
            }

            planned.Add(group.Key);
            var list = group.ToList();
            JsonObject Compute(CachedObject c) => type == ResourceType.HttpRoute || type == ResourceType.GrpcRoute
                ? StatusDocuments.Route(list.Where(s => s.Parent is not null).Select(s => (StatusDocuments.ParentRef(s.Parent!), s.Conditions, s.ObservedGeneration)), _controllerName, c.Status, now)
                : StatusDocuments.Gateway(list.SelectMany(s => s.Conditions), list[0].ObservedGeneration, c.Status, now, list[0].Listeners);
            var desired = Compute(cached);
            if (!StatusDocuments.Unchanged(desired, cached.Status))
            {
                yield return new Planned(group.Key, type, cached, desired, Compute);
            }
        }

        foreach (var group in errors.Where(e => e.Severity == ModelErrorSeverity.Error && !planned.Contains(e.Object)).GroupBy(e => e.Object))
        {
            // Only Gateways of our classes, routes' parentRefs to them, and policies are ours to report on; a
            // GatewayClass that failed to map has no controller we could tell.
            if (TypeOf(group.Key) is not { } type || type == ResourceType.GatewayClass || _find(group.Key) is not { } cached)
            {
                continue;
            }

            var message = string.Join("; ", group.Select(e => e.Field.Length == 0 ? e.Message : $"{e.Field}: {e.Message}"));
            JsonObject? Compute(CachedObject c) => Rejected(type, group.Key, c, message, now);
            if (Compute(cached) is { } desired && !StatusDocuments.Unchanged(desired, cached.Status))
            {
                yield return new Planned(group.Key, type, cached, desired, Compute);
            }
        }
    }

    /// <summary>The status of an object that failed to map (null when it maps, or is not ours to report on).</summary>
    private JsonObject? Rejected(ResourceType type, ObjectRef obj, CachedObject cached, string message, DateTimeOffset now)
    {
        if (cached.Mapped.Value is not null || (type == ResourceType.Gateway && !OursClass(cached.ClassName)))
        {
            return null;
        }

        if (type == ResourceType.Gateway)
        {
            return StatusDocuments.Gateway([new("Accepted", false, "Invalid", message), new("Programmed", false, "Invalid", message)], cached.Generation, cached.Status, now);
        }

        if (type == ResourceType.XdsPolicy)
        {
            return StatusDocuments.Gateway([new("Accepted", false, "Invalid", message)], cached.Generation, cached.Status, now);
        }

        var parents = cached.ParentRefs.ValueKind == JsonValueKind.Array
            ? cached.ParentRefs.EnumerateArray().Select(p => StatusDocuments.ParentRef(p, obj.Namespace)).Where(OursParent).ToList()
            : [];
        if (parents.Count == 0)
        {
            return null;
        }

        EquatableArray<StatusCondition> rejected = [new("Accepted", false, "UnsupportedValue", message)];
        return StatusDocuments.Route(parents.Select(p => (p, rejected, cached.Generation)), _controllerName, cached.Status, now);
    }

    /// <summary>Whether the GatewayClass <paramref name="className"/> exists and names our controller.</summary>
    private bool OursClass(string? className) =>
        className is not null && _find(new ObjectRef("GatewayClass", "", className))?.Mapped.Value is GatewayClassModel c && c.ControllerName == _controllerName;

    /// <summary>
    /// Whether a parentRef (with defaults filled in) of a route that failed to map is ours to report on: a Service
    /// (proxyless), a Gateway of our class, or a Gateway that does not exist (as the compiler reports NoMatchingParent).
    /// Gateways of other controllers are theirs.
    /// </summary>
    private bool OursParent(JsonObject parent)
    {
        if ((string?)parent["kind"] != "Gateway")
        {
            return true;
        }

        var gateway = _find(new ObjectRef("Gateway", (string?)parent["namespace"] ?? "", (string?)parent["name"] ?? ""));
        return gateway is null || OursClass(gateway.ClassName);
    }

    private static ResourceType? TypeOf(ObjectRef obj) => obj.Kind switch
    {
        "GatewayClass" => ResourceType.GatewayClass,
        "Gateway" => ResourceType.Gateway,
        "HTTPRoute" => ResourceType.HttpRoute,
        "GRPCRoute" => ResourceType.GrpcRoute,
        "XdsPolicy" => ResourceType.XdsPolicy,
        _ => null,
    };
}
