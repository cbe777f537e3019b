using XdsControlPlane.Compiler.Processing;
using XdsControlPlane.Model;

namespace XdsControlPlane.Compiler;

/// <summary>
/// Compiles a model context into Envoy resources for every proxy profile. Pure and deterministic: no I/O, no
/// clock; equal models give byte-identical resources. Invalid input is left out and reported on the object it
/// came from; it never blocks the rest.
/// </summary>
public static class Compiler
{
    /// <summary>
    /// Compiles <paramref name="model"/>: one profile per Gateway (<see cref="ProfileNames.Gateway"/>) and the
    /// <see cref="ProfileNames.Proxyless"/> profile, with every error and the status each Gateway and route should carry.
    /// </summary>
    public static CompileResult Compile(ModelContext model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var context = new CompileContext(model);
        PolicyChecks.Run(context);
        var table = new RouteTable(context);
        var profiles = new SortedDictionary<string, ProfileResources>(StringComparer.Ordinal);
        var statuses = new List<ObjectStatus>();
        foreach (var gateway in model.Gateways)
        {
            var (resources, gatewayStatuses) = GatewayProfile.Compile(context, table, gateway);
            profiles[resources.Name] = resources;
            statuses.AddRange(gatewayStatuses);
        }

        var (proxyless, proxylessStatuses) = ProxylessProfile.Compile(context, table);
        profiles[proxyless.Name] = proxyless;
        statuses.AddRange(proxylessStatuses);
        statuses.AddRange(UnattachedRoutes(model, table, statuses));
        return new CompileResult(profiles, context.Errors(), Sort(statuses));
    }

    /// <summary>
    /// Compiles <paramref name="model"/> incrementally when it differs from <paramref name="previousModel"/> (which
    /// produced <paramref name="previous"/>) only in EndpointSlices: just the affected ClusterLoadAssignments are
    /// rebuilt, everything else is the previous result's. Otherwise a full <see cref="Compile(ModelContext)"/>. Either way the
    /// result equals what <see cref="Compile(ModelContext)"/> would give.
    /// </summary>
    public static CompileResult Compile(ModelContext model, CompileResult previous, ModelContext previousModel) =>
        EndpointUpdate.Apply(previous, previousModel, model) ?? Compile(model);

    /// <summary>Routes whose parentRefs name a Gateway that does not exist, or a kind nothing serves.</summary>
    private static IEnumerable<ObjectStatus> UnattachedRoutes(ModelContext model, RouteTable table, List<ObjectStatus> known)
    {
        var seen = known.Where(s => s.Parent is not null).Select(s => (s.Object, s.Parent)).ToHashSet();
        foreach (var route in model.Routes)
        {
            foreach (var parent in route.ParentRefs.Where(p => !seen.Contains((route.Ref, p))))
            {
                var reason = parent.Kind is "Gateway" or "Service" or "" ? Reasons.NoMatchingParent : Reasons.InvalidKind;
                yield return new ObjectStatus(route.Ref, route.Generation, parent,
                    [new StatusCondition(Reasons.Accepted, false, reason, $"parent {parent.Kind} {parent.Namespace}/{parent.Name} not found or not supported"),
                        table.ResolvedRefsOf(route)]);
            }
        }
    }

    private static List<ObjectStatus> Sort(IEnumerable<ObjectStatus> statuses) => [.. statuses
        .OrderBy(s => s.Object)
        .ThenBy(s => s.Parent?.Kind, StringComparer.Ordinal)
        .ThenBy(s => s.Parent?.Namespace, StringComparer.Ordinal)
        .ThenBy(s => s.Parent?.Name, StringComparer.Ordinal)
        .ThenBy(s => s.Parent?.SectionName, StringComparer.Ordinal)
        .ThenBy(s => s.Parent?.Port)];
}
