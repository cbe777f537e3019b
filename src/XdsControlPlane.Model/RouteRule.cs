namespace XdsControlPlane.Model;

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
