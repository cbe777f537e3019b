using System.Security.Cryptography;
using System.Text;
using XdsControlPlane.Logging;

namespace XdsControlPlane.Diagnostics;

/// <summary>
/// When an admin token is configured, every request under <c>/api/</c> must carry <c>Authorization: Bearer &lt;token&gt;</c>;
/// others get 401 with <c>WWW-Authenticate: Bearer</c> and a JSON error. The write token (<c>Admin:Token</c>) allows
/// everything; the read token (<c>Admin:ReadToken</c>), if set, allows GET and HEAD, and a change made with it gets 403.
/// Health, readiness, metrics and the dashboard's static files stay open (probes and scrapers carry no token; none of
/// them shows configuration). The kind of token used is noted for the request log.
/// </summary>
internal sealed class AdminTokenMiddleware
{
    private readonly RequestDelegate _next;

    // Compared as hashes: equal lengths, so the comparison time says nothing about the token's length either.
    private readonly byte[] _write;
    private readonly byte[]? _read;

    public AdminTokenMiddleware(RequestDelegate next, string token, string? readToken)
    {
        _next = next;
        _write = Hash(token);
        _read = string.IsNullOrEmpty(readToken) ? null : Hash(readToken);
    }

    public Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            return _next(context);
        }

        switch (Presented(context.Request))
        {
            case "write":
                context.Items[AdminRequestLogging.TokenKindItem] = "write";
                return _next(context);
            case "read":
                context.Items[AdminRequestLogging.TokenKindItem] = "read";
                var method = context.Request.Method;
                return HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
                    ? _next(context)
                    : AdminProblem.WriteAsync(context, StatusCodes.Status403Forbidden, "read-token",
                        $"{method} {context.Request.Path} changes state: it needs the write token (Admin:Token), not the read token (Admin:ReadToken)");
            default:
                context.Response.Headers.WWWAuthenticate = "Bearer";
                return Results.Json(new { error = "missing or wrong bearer token (Authorization: Bearer <Admin:Token>)" }, statusCode: StatusCodes.Status401Unauthorized)
                    .ExecuteAsync(context);
        }
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    private string? Presented(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var presented = Hash(header[Scheme.Length..].Trim());
        // Both comparisons always run, so the time taken does not say which token matched.
        var write = CryptographicOperations.FixedTimeEquals(presented, _write);
        var read = _read is not null && CryptographicOperations.FixedTimeEquals(presented, _read);
        return write ? "write" : read ? "read" : null;
    }
}
