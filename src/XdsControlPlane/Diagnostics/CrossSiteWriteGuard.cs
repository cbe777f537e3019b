using Microsoft.Net.Http.Headers;

namespace XdsControlPlane.Diagnostics;

/// <summary>
/// Without an admin token, a change (POST, PUT, PATCH, DELETE under <c>/api/</c>) could come from any web page the
/// operator has open: a form or <c>fetch</c> can send a "simple" cross-site POST. So changes must come with a JSON content
/// type (which a browser sends cross-site only after a CORS preflight this server never grants), and a request a browser
/// marks as from another site (<c>Sec-Fetch-Site</c>, or an <c>Origin</c> other than the server's own or an allowed one)
/// is refused with 403. The CLI and curl send neither header and are not affected.
/// </summary>
internal sealed class CrossSiteWriteGuard(RequestDelegate next, AdminOptions options)
{
    private readonly HashSet<string> _origins = new(options.AllowedOrigins.Select(o => o.TrimEnd('/')), StringComparer.OrdinalIgnoreCase);

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || !IsChange(request.Method))
        {
            return next(context);
        }

        if (request.Headers["Sec-Fetch-Site"].ToString() is "cross-site" or "same-site" && Origin(request) is not { } allowedOrigin)
        {
            return AdminProblem.WriteAsync(context, StatusCodes.Status403Forbidden, "cross-origin",
                $"{request.Method} from another site (Sec-Fetch-Site: {request.Headers["Sec-Fetch-Site"]}) refused: changes without an admin token are accepted only from this server's own origin");
        }

        if (request.Headers.Origin.Count > 0 && Origin(request) is null)
        {
            return AdminProblem.WriteAsync(context, StatusCodes.Status403Forbidden, "cross-origin",
                $"{request.Method} from origin '{request.Headers.Origin}' refused: changes without an admin token are accepted only from {request.Scheme}://{request.Host} (or Admin:AllowedOrigins)");
        }

        var hasBody = request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;
        if ((hasBody || !HttpMethods.IsDelete(request.Method)) && !IsJson(request.ContentType))
        {
            return AdminProblem.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "content-type",
                $"{request.Method} {request.Path} needs Content-Type: application/json (or application/merge-patch+json), not '{request.ContentType}'");
        }

        return next(context);
    }

    private static bool IsChange(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    // The request's Origin when it is the server's own or an allowed one; null otherwise (also for "null" and when absent).
    private string? Origin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        var own = $"{request.Scheme}://{request.Host}";
        return origin.Length > 0 && (string.Equals(origin, own, StringComparison.OrdinalIgnoreCase) || _origins.Contains(origin)) ? origin : null;
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media) && media.MediaType.Value is { } type
        && (type.Equals("application/json", StringComparison.OrdinalIgnoreCase) || (type.StartsWith("application/", StringComparison.OrdinalIgnoreCase)
            && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase)));
}
