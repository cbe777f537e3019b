namespace XdsControlPlane.Compiler;

/// <summary>Every default the compiler applies, in one place.</summary>
internal static class Defaults
{
    /// <summary>Upstream connect timeout when no policy sets one (Envoy's own default).</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Address Gateway listeners bind.</summary>
    public const string ListenAddress = "0.0.0.0";

    /// <summary>HttpConnectionManager stat prefix.</summary>
    public const string StatPrefix = "http";

    /// <summary>Status of the direct response that replaces a route whose backends are all invalid or weigh zero.</summary>
    public const uint InvalidBackendStatus = 500;

    /// <summary>Status of routes whose required JWT policy has no provider with usable keys (fail closed).</summary>
    public const uint AuthenticationUnavailableStatus = 401;

    /// <summary>Status of routes whose external authorization service does not resolve (fail closed).</summary>
    public const uint AuthorizationUnavailableStatus = 503;

    /// <summary>Retry conditions of the Envoy gateway when a retry policy names none.</summary>
    public const string GatewayRetryOn = "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes";

    /// <summary>Retry conditions of proxyless gRPC clients when a retry policy names none.</summary>
    public const string ProxylessRetryOn = "unavailable";

    /// <summary>Retry conditions proxyless gRPC clients understand (gRFC A44); others are reported and left out.</summary>
    public static readonly IReadOnlySet<string> ProxylessRetryConditions =
        new HashSet<string>(["cancelled", "deadline-exceeded", "internal", "resource-exhausted", "unavailable"], StringComparer.Ordinal);

    /// <summary>Which route namespaces a listener admits when it does not say.</summary>
    public const string AllowedNamespaces = "Same";

    /// <summary>Route kinds HTTP and HTTPS listeners admit when they do not list any.</summary>
    public static readonly IReadOnlyList<string> RouteKinds = ["GRPCRoute", "HTTPRoute"];

    /// <summary>Locality zone of endpoints whose slice names none.</summary>
    public const string UnknownZone = "";

    /// <summary>Stat prefix of the local rate limit filter.</summary>
    public const string RateLimitStatPrefix = "http_local_rate_limiter";

    /// <summary>
    /// Envoy's own default runtime key for a fault's gRPC abort status. Proxyless fault configs set it explicitly
    /// (a no-op for Envoy, ignored by gRPC) so every encoding ends with the same field (see <c>HttpFilters.ProxylessHTTPFault</c>).
    /// </summary>
    public const string FaultAbortGrpcStatusRuntime = "fault.http.abort.grpc_status";

    /// <summary>Envoy's defaults for success-rate outlier ejection, written out for proxyless clients (see <c>Clusters.ExplicitSuccessRateEjection</c>).</summary>
    public const int SuccessRateEnforcing = 100;

    /// <summary>Envoy's default <c>success_rate_minimum_hosts</c>.</summary>
    public const int SuccessRateMinimumHosts = 5;

    /// <summary>Envoy's default <c>success_rate_request_volume</c>.</summary>
    public const int SuccessRateRequestVolume = 100;

    /// <summary>Envoy's default <c>success_rate_stdev_factor</c> (1.9 in thousandths).</summary>
    public const int SuccessRateStdevFactor = 1900;

    /// <summary>Timeout of an external authorization call when the policy sets none.</summary>
    public static readonly TimeSpan ExtAuthzTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>Timeout of a JWKS fetch.</summary>
    public static readonly TimeSpan JwksFetchTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long fetched JWKS are cached.</summary>
    public static readonly TimeSpan JwksCacheDuration = TimeSpan.FromMinutes(5);
}
