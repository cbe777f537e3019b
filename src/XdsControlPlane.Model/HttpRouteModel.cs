namespace XdsControlPlane.Model;

/// <summary>A Gateway API HTTPRoute (also used for GRPCRoute, whose matches are expressed as <see cref="GrpcMethodMatch"/>).</summary>
/// <param name="Ref">Identity (Kind is <c>HTTPRoute</c> or <c>GRPCRoute</c>).</param>
/// <param name="Generation">metadata.generation.</param>
/// <param name="CreatedAt">metadata.creationTimestamp (orders conflicting routes: oldest wins), if known.</param>
/// <param name="ParentRefs">Where it attaches.</param>
/// <param name="Hostnames">Hostnames (may start with <c>*.</c>).</param>
/// <param name="Rules">Rules, in order.</param>
public sealed record HttpRouteModel(
    ObjectRef Ref,
    long Generation,
    DateTimeOffset? CreatedAt,
    EquatableArray<ParentRef> ParentRefs,
    EquatableArray<string> Hostnames,
    EquatableArray<RouteRule> Rules);
