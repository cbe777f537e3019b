using XdsControlPlane.Model;

namespace XdsControlPlane.Compiler.Processing;

/// <summary>
/// Which Gateways this server serves: those whose GatewayClass names our controller. Gateways of other controllers
/// are left alone (no resources, status or errors); a Gateway whose class does not exist is not served either, and is
/// reported with a warning so operators see why. Our GatewayClasses get <c>Accepted</c>.
/// </summary>
internal static class GatewayOwnership
{
    /// <summary>The Gateways to serve, in model order; reports Gateways whose class is missing.</summary>
    public static IReadOnlyList<GatewayModel> Served(CompileContext context)
    {
        var served = new List<GatewayModel>();
        foreach (var gateway in context.Model.Gateways)
        {
            switch (context.GatewayClass(gateway.ClassName))
            {
                case null:
                    context.Warning(gateway.Ref, "spec.gatewayClassName",
                        $"GatewayClass \"{gateway.ClassName}\" does not exist; this Gateway is not served", Reasons.GatewayClassNotFound);
                    break;
                case { } owned when owned.ControllerName == context.Options.ControllerName:
                    served.Add(gateway);
                    break;
            }
        }

        return served;
    }

    /// <summary><c>Accepted</c> for every GatewayClass naming our controller; nothing for the others.</summary>
    public static IEnumerable<ObjectStatus> ClassStatuses(CompileContext context) => context.Model.GatewayClasses
        .Where(c => c.ControllerName == context.Options.ControllerName)
        .Select(c => new ObjectStatus(c.Ref, c.Generation, null,
            [new StatusCondition(Reasons.Accepted, true, Reasons.Accepted, $"handled by {context.Options.ControllerName}")]));

    /// <summary>
    /// Whether a route's parentRef belongs to another controller: it names a Gateway that exists but is not ours
    /// (another class, or a class that does not exist). Such parentRefs get no status and no error from us.
    /// </summary>
    public static bool NotOurs(CompileContext context, HttpRouteModel route, ParentRef parent, IReadOnlySet<ObjectRef> served) =>
        parent.Kind is "Gateway" or ""
        && context.Gateway(parent.Namespace.Length == 0 ? route.Ref.Namespace : parent.Namespace, parent.Name) is { } gateway
        && !served.Contains(gateway.Ref);
}
