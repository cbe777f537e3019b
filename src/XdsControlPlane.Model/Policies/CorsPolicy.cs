namespace XdsControlPlane.Model.Policies;

/// <summary>CORS.</summary>
/// <param name="AllowOrigins">Exact origins, or <c>*</c>.</param>
/// <param name="AllowMethods">Methods.</param>
/// <param name="AllowHeaders">Request headers.</param>
/// <param name="ExposeHeaders">Response headers exposed.</param>
/// <param name="MaxAge">Preflight cache.</param>
/// <param name="AllowCredentials">Allow credentials.</param>
public sealed record CorsPolicy(EquatableArray<string> AllowOrigins, EquatableArray<string> AllowMethods, EquatableArray<string> AllowHeaders,
    EquatableArray<string> ExposeHeaders, TimeSpan? MaxAge, bool AllowCredentials);
