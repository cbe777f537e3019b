using Envoy.Config.Core.V3;
using Envoy.Extensions.Filters.Http.Cors.V3;
using Envoy.Extensions.Filters.Http.Fault.V3;
using Envoy.Extensions.Filters.Http.LocalRatelimit.V3;
using Envoy.Extensions.Filters.Http.Router.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Envoy.Type.Matcher.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using XdsControlPlane.Model.Policies;
using FaultDelay = Envoy.Extensions.Filters.Common.Fault.V3.FaultDelay;
using ModelCorsPolicy = XdsControlPlane.Model.Policies.CorsPolicy;

namespace XdsControlPlane.Compiler.Builders;

/// <summary>HTTP filter names and the configs of the filters the compiler emits (each packed as its real Envoy type).</summary>
internal static class HttpFilters
{
    public const string Cors = "envoy.filters.http.cors";
    public const string Jwt = "envoy.filters.http.jwt_authn";
    public const string ExtAuthz = "envoy.filters.http.ext_authz";
    public const string Rbac = "envoy.filters.http.rbac";
    public const string LocalRateLimit = "envoy.filters.http.local_ratelimit";
    public const string Fault = "envoy.filters.http.fault";
    public const string Router = "envoy.filters.http.router";

    /// <summary>
    /// Filter order in every HttpConnectionManager: CORS answers preflights before authentication, authentication
    /// before authorization, rate limiting after both, fault injection just before routing, router last.
    /// </summary>
    public static readonly IReadOnlyList<string> Order = [Cors, Jwt, ExtAuthz, Rbac, LocalRateLimit, Fault, Router];

    /// <summary>An HTTP filter with its typed config.</summary>
    public static HttpFilter HttpFilter(string name, IMessage config) => new() { Name = name, TypedConfig = Any.Pack(config) };

    /// <summary>The router filter.</summary>
    public static HttpFilter RouterFilter() => HttpFilter(Router, new Router());

    /// <summary>Fault injection: fixed delay and abort (HTTP or gRPC status), each for a share of requests.</summary>
    public static HTTPFault HTTPFault(FaultPolicy policy)
    {
        var fault = new HTTPFault();
        if (policy.Delay is { } delay)
        {
            fault.Delay = new FaultDelay { FixedDelay = Protos.Duration(delay), Percentage = Protos.Fraction(policy.DelayPercent ?? 100) };
        }

        if (policy.AbortGrpcStatus is { } grpcStatus)
        {
            fault.Abort = new FaultAbort { GrpcStatus = (uint)grpcStatus, Percentage = Protos.Fraction(policy.AbortPercent ?? 100) };
        }
        else if (policy.AbortHttpStatus is { } httpStatus)
        {
            fault.Abort = new FaultAbort { HttpStatus = (uint)httpStatus, Percentage = Protos.Fraction(policy.AbortPercent ?? 100) };
        }

        return fault;
    }

    /// <summary>
    /// The fault config of a proxyless route: <paramref name="policy"/>'s faults, or none, always ending with the same
    /// field. @grpc/grpc-js-xds 1.14.1 decides whether an update changed a resource by walking only the cached copy
    /// (<c>deepEqual</c> in <c>xds-resource-type.js</c>), so an update whose config merely extends the cached bytes
    /// (none to abort, delay to delay and abort) looks unchanged and is never applied. A constant last field (a higher
    /// field number than delay and abort) makes sure no encoding is a byte prefix of another.
    /// </summary>
    public static HTTPFault ProxylessHTTPFault(FaultPolicy? policy)
    {
        var fault = policy is null ? new HTTPFault() : HTTPFault(policy);
        fault.AbortGrpcStatusRuntime = Defaults.FaultAbortGrpcStatusRuntime;
        return fault;
    }

    /// <summary>The per-route CORS policy.</summary>
    public static Envoy.Extensions.Filters.Http.Cors.V3.CorsPolicy CorsPolicy(ModelCorsPolicy policy)
    {
        var cors = new Envoy.Extensions.Filters.Http.Cors.V3.CorsPolicy
        {
            AllowMethods = string.Join(",", policy.AllowMethods),
            AllowHeaders = string.Join(",", policy.AllowHeaders),
            ExposeHeaders = string.Join(",", policy.ExposeHeaders),
            AllowCredentials = policy.AllowCredentials,
        };
        if (policy.MaxAge is { } maxAge)
        {
            cors.MaxAge = ((long)maxAge.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        cors.AllowOriginStringMatch.AddRange(policy.AllowOrigins.Select(o => o == "*"
            ? new StringMatcher { SafeRegex = new RegexMatcher { Regex = ".*" } }
            : new StringMatcher { Exact = o }));
        return cors;
    }

    /// <summary>The listener-level CORS filter config (the policy itself is per route).</summary>
    public static Cors CorsFilter() => new();

    /// <summary>A per-route token bucket, enabled and enforced for every request of the route.</summary>
    public static LocalRateLimit LocalRateLimitPerRoute(RateLimitPolicy policy) => new()
    {
        StatPrefix = Defaults.RateLimitStatPrefix,
        TokenBucket = new Envoy.Type.V3.TokenBucket
        {
            MaxTokens = (uint)Math.Max(1, policy.Burst ?? policy.Requests),
            TokensPerFill = (uint)Math.Max(1, policy.Requests),
            FillInterval = Protos.Duration(policy.Per),
        },
        FilterEnabled = Always("local_rate_limit_enabled"),
        FilterEnforced = Always("local_rate_limit_enforced"),
    };

    /// <summary>The listener-level rate limit filter: no bucket, so only routes with their own config are limited.</summary>
    public static LocalRateLimit LocalRateLimitFilter() => new() { StatPrefix = Defaults.RateLimitStatPrefix };

    private static RuntimeFractionalPercent Always(string runtimeKey) => new()
    {
        RuntimeKey = runtimeKey,
        DefaultValue = new Envoy.Type.V3.FractionalPercent { Numerator = 100, Denominator = Envoy.Type.V3.FractionalPercent.Types.DenominatorType.Hundred },
    };
}
