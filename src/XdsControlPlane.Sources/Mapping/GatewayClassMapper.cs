using XdsControlPlane.Model;
using XdsControlPlane.Sources.Documents;

namespace XdsControlPlane.Sources.Mapping;

/// <summary>Maps a Gateway API GatewayClass (cluster-scoped): the controller that serves its Gateways.</summary>
internal static class GatewayClassMapper
{
    /// <summary>Maps <c>spec</c> of a GatewayClass; <c>parametersRef</c> and <c>description</c> are not read.</summary>
    public static GatewayClassModel Map(MapContext ctx, MappingNode spec, ObjectMeta meta) =>
        new(ctx.Object, meta.Generation, ctx.RequiredString(spec, "controllerName", "spec"));
}
