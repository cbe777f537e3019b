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
    /// Compiles <paramref name="model"/>: one profile per Gateway this server serves (its GatewayClass names our
    /// controller; <see cref="ProfileNames.Gateway"/>) and the <see cref="ProfileNames.Proxyless"/> profile, with every
    /// error and the status each of our GatewayClasses, Gateways (with their listeners), routes (per parentRef) and
    /// policies should carry.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="options">What this server answers for; <see cref="CompileOptions.Default"/> when null.</param>
    public static CompileResult Compile(ModelContext model, CompileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var context = new CompileContext(model, options ?? CompileOptions.Default);
        PolicyChecks.Run(context);
        var table = new RouteTable(context);
        var profiles = new SortedDictionary<string, ProfileResources>(StringComparer.Ordinal);
        var statuses = new List<ObjectStatus>(GatewayOwnership.ClassStatuses(context));
        var served = GatewayOwnership.Served(context);
        foreach (var gateway in served)
        {
            var (resources, gatewayStatuses) = GatewayProfile.Compile(context, table, gateway);
            profiles[resources.Name] = resources;
            statuses.AddRange(gatewayStatuses);
        }

        var (proxyless, proxylessStatuses) = ProxylessProfile.Compile(context, table);
        profiles[proxyless.Name] = proxyless;
        statuses.AddRange(proxylessStatuses);
        // Last: what Envoy itself would refuse to load is left out (and reported) before anything is published.
        AcceptanceStage.Run(context, profiles);
        var ours = served.Select(g => g.Ref).ToHashSet();
        statuses.AddRange(UnattachedRoutes(context, table, statuses, ours));
        var errors = context.Errors();
        statuses.AddRange(PolicyStatuses.Of(model, errors));
        return new CompileResult(profiles, errors, Sort(statuses));
    }

    /// <summary>
    /// Compiles <paramref name="model"/> incrementally when it differs from <paramref name="previousModel"/> (which
    /// produced <paramref name="previous"/>) only in EndpointSlices: just the affected ClusterLoadAssignments are
    /// rebuilt, everything else is the previous result's. Otherwise a full <see cref="Compile(ModelContext, CompileOptions)"/>.
    /// Either way the result equals what <see cref="Compile(ModelContext, CompileOptions)"/> would give with the same
    /// <paramref name="options"/>, which must be those <paramref name="previous"/> was compiled with.
    /// </summary>
    public static CompileResult Compile(ModelContext model, CompileResult previous, ModelContext previousModel, CompileOptions? options = null) =>
        EndpointUpdate.Apply(previous, previousModel, model) ?? Compile(model, options);

    /// <summary>
    /// Routes whose parentRefs name a Gateway that does not exist, or a kind nothing serves. ParentRefs naming a
    /// Gateway of another controller (or of a class that does not exist) are not ours to report on.
    /// </summary>
    private static IEnumerable<ObjectStatus> UnattachedRoutes(CompileContext context, RouteTable table, List<ObjectStatus> known, IReadOnlySet<ObjectRef> served)
    {
        var seen = known.Where(s => s.Parent is not null).Select(s => (s.Object, s.Parent)).ToHashSet();
        foreach (var route in context.Model.Routes)
        {
            foreach (var parent in route.ParentRefs.Where(p => !seen.Contains((route.Ref, p)) && !GatewayOwnership.NotOurs(context, route, p, served)))
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
