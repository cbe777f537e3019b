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
        app.MapGet("/api/v1/errors", (HttpContext http, Reconcile.Reconciler reconciler) => Results.Json(ErrorsView.Of(reconciler.Errors,
            http.RequestServices.GetService<Rejections.ClientRejections>()?.Current() ?? [])));
        app.MapProxies();
        app.MapMetrics();
        app.MapSnapshots();
    }
}
