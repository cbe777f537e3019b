using XdsControlPlane.Model;

namespace XdsControlPlane.Compiler.Processing;

/// <summary>Which listeners of a Gateway a route attaches to through one parentRef, and why not when it does not.</summary>
internal static class GatewayAttachment
{
    /// <summary>A listener the route attached to, with the hostnames it serves there.</summary>
    public sealed record Attached(GatewayListener Listener, IReadOnlyList<string> Hostnames);

    /// <summary>Attaches <paramref name="route"/> through <paramref name="parent"/> (which names <paramref name="gateway"/>).</summary>
    public static (StatusCondition Accepted, IReadOnlyList<Attached> Listeners) Attach(
        CompileContext context, GatewayModel gateway, IReadOnlySet<string> usableListeners, HttpRouteModel route, ParentRef parent)
    {
        var candidates = gateway.Listeners
            .Where(l => usableListeners.Contains(l.Name))
            .Where(l => parent.SectionName is null || l.Name == parent.SectionName)
            .Where(l => parent.Port is null || l.Port == parent.Port)
            .ToList();
        if (candidates.Count == 0)
        {
            return (Rejected(Reasons.NoMatchingParent, $"Gateway {gateway.Ref.Namespace}/{gateway.Ref.Name} has no usable listener matching sectionName/port"), []);
        }

        candidates = [.. candidates.Where(l => Admits(context, gateway, l, route))];
        if (candidates.Count == 0)
        {
            return (Rejected(Reasons.NotAllowedByListeners, "no listener admits this route's namespace or kind"), []);
        }

        var attached = candidates
            .Select(l => new Attached(l, Hostnames.Intersect(l.Hostname, route.Hostnames)))
            .Where(a => a.Hostnames.Count > 0)
            .ToList();
        if (attached.Count == 0)
        {
            return (Rejected(Reasons.NoMatchingListenerHostname, "no listener hostname intersects the route's hostnames"), []);
        }

        return (new StatusCondition(Reasons.Accepted, true, Reasons.Accepted, $"attached to listeners {string.Join(", ", attached.Select(a => a.Listener.Name))}"), attached);
    }

    private static bool Admits(CompileContext context, GatewayModel gateway, GatewayListener listener, HttpRouteModel route)
    {
        var kinds = listener.AllowedKinds.Count == 0 ? Defaults.RouteKinds : listener.AllowedKinds;
        if (!kinds.Contains(route.Ref.Kind))
        {
            return false;
        }

        var from = listener.AllowedNamespaces.Length == 0 ? Defaults.AllowedNamespaces : listener.AllowedNamespaces;
        return from switch
        {
            "All" => true,
            "Same" => route.Ref.Namespace == gateway.Ref.Namespace,
            "Selector" => listener.AllowedNamespaceLabels.All(required =>
                context.LabelsOf(route.Ref.Namespace).Any(l => l.Key == required.Key && l.Value == required.Value)),
            _ => false,
        };
    }

    private static StatusCondition Rejected(string reason, string message) => new(Reasons.Accepted, false, reason, message);
}
