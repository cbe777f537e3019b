namespace XdsControlPlane.Model;

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
