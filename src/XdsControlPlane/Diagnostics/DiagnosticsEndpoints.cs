using Microsoft.AspNetCore.Mvc;
using XdsControlPlane.Xds.Ledger;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Diagnostics;

/// <summary>The REST diagnostics API (JSON) on the admin port.</summary>
public static class DiagnosticsEndpoints
{
    /// <summary>Maps health, snapshot and proxy endpoints.</summary>
    public static void MapDiagnostics(this WebApplication app)
    {
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", (Reconcile.Reconciler reconciler, [FromServices] IEnumerable<IReadinessCheck> checks) =>
            !reconciler.Ready ? Results.Text("not ready: no model compiled and published yet", statusCode: StatusCodes.Status503ServiceUnavailable)
            : checks.Select(c => c.Problem).FirstOrDefault(p => p is not null) is { } problem ? Results.Text($"not ready: {problem}", statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Text("ready"));
        app.MapGet("/api/v1/errors", (Reconcile.Reconciler reconciler) => Results.Json(reconciler.Errors
            .GroupBy(e => e.Object)
            .Select(g => new
            {
                kind = g.Key.Kind,
                @namespace = g.Key.Namespace,
                name = g.Key.Name,
                errors = g.Select(e => new { field = e.Field, message = e.Message, reason = e.Reason, severity = e.Severity.ToString() }),
            })));
        app.MapGet("/api/v1/proxies", (IProxyLedger ledger) => Results.Json(ledger.Proxies().Select(ProxyView.From)));
        app.MapGet("/api/v1/proxies/{nodeId}", (string nodeId, IProxyLedger ledger) =>
            ledger.Find(nodeId) is { Count: > 0 } streams
                ? Results.Json(streams.Select(ProxyView.From))
                : Results.Json(new { error = $"no connected proxy with node id '{nodeId}'" }, statusCode: StatusCodes.Status404NotFound));
        app.MapGet("/api/v1/snapshots", (ISnapshotStore store) => Results.Json(store.History.Select(r => new
        {
            profile = r.Profile,
            version = r.Snapshot.Version,
            generation = r.Snapshot.Generation,
            createdAt = r.Snapshot.CreatedAt,
            publishedAt = r.PublishedAt,
            counts = r.Snapshot.Counts(),
        })));
    }
}
