namespace XdsControlPlane.Diagnostics;

/// <summary>The REST diagnostics API (JSON) on the admin port.</summary>
public static class DiagnosticsEndpoints
{
    /// <summary>Maps health, readiness, errors, proxies, metrics and snapshot endpoints.</summary>
    public static void MapDiagnostics(this WebApplication app)
    {
        app.MapDashboard();
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", (IEnumerable<IReadinessCheck> checks) => Readiness.Result(checks));
        app.MapGet("/api/v1/errors", (Reconcile.Reconciler reconciler) => Results.Json(reconciler.Errors
            .GroupBy(e => e.Object)
            .Select(g => new
            {
                kind = g.Key.Kind,
                @namespace = g.Key.Namespace,
                name = g.Key.Name,
                errors = g.Select(e => new { field = e.Field, message = e.Message, reason = e.Reason, severity = e.Severity.ToString() }),
            })));
        app.MapProxies();
        app.MapMetrics();
        app.MapSnapshots();
    }
}
