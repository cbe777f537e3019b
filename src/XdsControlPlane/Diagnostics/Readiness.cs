namespace XdsControlPlane.Diagnostics;

/// <summary>
/// <c>GET /readyz</c>: 200 when every gating check passes, else 503; the body lists every check with its state, so a
/// probe reads the status and a person reads why:
/// <c>{"status": "ready", "checks": [{"name": "snapshots", "state": "ok", "gates": true}, {"name": "policy-store",
/// "state": "degraded", "gates": false, "reason": "..."}]}</c>. States: <c>ok</c>; <c>failing</c> (a gating check:
/// the server is not ready); <c>degraded</c> (a check that does not gate, e.g. policy writes while xDS still serves).
/// </summary>
internal static class Readiness
{
    /// <summary>The response for <paramref name="checks"/>.</summary>
    public static IResult Result(IEnumerable<IReadinessCheck> checks)
    {
        var results = checks.Select(c => (Check: c, Result: c.Check())).ToArray();
        var ready = results.All(r => r.Result.Ready || !r.Check.Gates);
        var body = new
        {
            status = ready ? "ready" : "not ready",
            checks = results.Select(r => new
            {
                name = r.Check.Name,
                state = r.Result.Ready ? "ok" : r.Check.Gates ? "failing" : "degraded",
                gates = r.Check.Gates,
                reason = r.Result.Reason,
            }),
        };
        return Results.Json(body, statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
