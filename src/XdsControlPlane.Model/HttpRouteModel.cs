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

/// <summary>One rule: any of its matches selects it; it applies its filters and splits across its backends.</summary>
/// <param name="Name">Optional rule name (policies can target it).</param>
/// <param name="Matches">Matches (none means "everything", path prefix <c>/</c>).</param>
/// <param name="Filters">Filters.</param>
/// <param name="Backends">Weighted backends.</param>
/// <param name="RequestTimeout">timeouts.request.</param>
/// <param name="BackendRequestTimeout">timeouts.backendRequest.</param>
public sealed record RouteRule(
    string? Name,
    EquatableArray<RouteMatch> Matches,
    EquatableArray<RouteFilter> Filters,
    EquatableArray<BackendRef> Backends,
    TimeSpan? RequestTimeout,
    TimeSpan? BackendRequestTimeout);

/// <summary>One match. For GRPCRoute, <see cref="Grpc"/> is set and the path match is derived from it.</summary>
/// <param name="Path">Path match, or null.</param>
/// <param name="Headers">Header matches (all must hold).</param>
/// <param name="QueryParams">Query parameter matches (all must hold).</param>
/// <param name="Method">HTTP method, or null.</param>
/// <param name="Grpc">gRPC service/method match (GRPCRoute), or null.</param>
public sealed record RouteMatch(
    PathMatch? Path,
    EquatableArray<ValueMatch> Headers,
    EquatableArray<ValueMatch> QueryParams,
    string? Method,
    GrpcMethodMatch? Grpc);

/// <summary>A path match.</summary>
/// <param name="Type">Exact, PathPrefix or RegularExpression.</param>
/// <param name="Value">The path or pattern.</param>
public sealed record PathMatch(string Type, string Value);

/// <summary>A header or query parameter match.</summary>
/// <param name="Type">Exact or RegularExpression.</param>
/// <param name="Name">Header or parameter name.</param>
/// <param name="Value">Value or pattern.</param>
public sealed record ValueMatch(string Type, string Name, string Value);

/// <summary>A GRPCRoute method match.</summary>
/// <param name="Type">Exact or RegularExpression.</param>
/// <param name="Service">Fully qualified service, or null for any.</param>
/// <param name="Method">Method, or null for any.</param>
public sealed record GrpcMethodMatch(string Type, string? Service, string? Method);
