namespace XdsControlPlane.Diagnostics;

/// <summary>
/// The JSON problem (RFC 9457, <c>application/problem+json</c>) the admin guards answer with: <c>title</c>,
/// <c>status</c>, <c>detail</c>, a machine-readable <c>reason</c>, and <c>error</c> (= detail) like every other API error.
/// </summary>
internal static class AdminProblem
{
    /// <summary>Writes the problem to <paramref name="context"/>'s response.</summary>
    public static Task WriteAsync(HttpContext context, int status, string reason, string detail) =>
        Results.Problem(detail: detail, statusCode: status, title: reason switch
        {
            "host" => "host not allowed",
            "cross-origin" => "cross-origin change refused",
            "content-type" => "a change needs a JSON body",
            "read-token" => "the read token cannot change anything",
            _ => reason,
        }, extensions: new Dictionary<string, object?> { ["reason"] = reason, ["error"] = detail }).ExecuteAsync(context);
}
