using System.Security.Cryptography;
using System.Text;

namespace XdsControlPlane.Diagnostics;

/// <summary>
/// When an admin token is configured, every request under <c>/api/</c> must carry <c>Authorization: Bearer &lt;token&gt;</c>;
/// others get 401 with <c>WWW-Authenticate: Bearer</c> and a JSON error. Health, readiness, metrics and the dashboard's
/// static files stay open (probes and scrapers carry no token; none of them shows configuration).
/// </summary>
internal sealed class AdminTokenMiddleware(RequestDelegate next, string token)
{
    // Compared as hashes: equal lengths, so the comparison time says nothing about the token's length either.
    private readonly byte[] _expected = SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || Authorized(context.Request))
        {
            return next(context);
        }

        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Results.Json(new { error = "missing or wrong bearer token (Authorization: Bearer <Admin:Token>)" }, statusCode: StatusCodes.Status401Unauthorized)
            .ExecuteAsync(context);
    }

    private bool Authorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(presented, _expected);
    }
}
