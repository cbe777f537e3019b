using System.Text.Json.Nodes;
using XdsControlPlane.Xds.Ledger;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Diagnostics;

/// <summary><c>/api/v1/proxies</c>: per connected node, what it was sent, ACKed and NACKed per type, and its config.</summary>
public static class ProxyEndpoints
{
    private static readonly string[] s_statuses = ["SYNCED", "STALE", "NOT_SENT", "ERROR"];

    /// <summary>Maps the list (with <c>?profile=</c> and <c>?status=</c> filters) and the per-node detail.</summary>
    public static void MapProxies(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/api/v1/proxies", (string? profile, string? status, IProxyLedger ledger, TimeProvider clock) =>
        {
            if (status is not null && !s_statuses.Contains(status, StringComparer.Ordinal))
            {
                return Error(StatusCodes.Status400BadRequest, $"status must be one of {string.Join(", ", s_statuses)}");
            }

            var now = clock.GetUtcNow();
            var rows = ledger.Nodes()
                .Where(n => profile is null || n.Profile == profile)
                .Select(n => ProxyView.Row(n, now))
                .Where(r => status is null || r["types"]!.AsObject().Any(t => (string?)t.Value!["status"] == status))
                .ToArray();
            return Results.Json(new JsonArray(rows));
        });
        app.MapGet("/api/v1/proxies/{nodeId}", (string nodeId, string? identity, IProxyLedger ledger, ISnapshotStore store, TimeProvider clock) =>
        {
            // Rows are keyed by identity and node id: two identities may claim one node id, each has its own row.
            var principals = ledger.Principals(nodeId);
            if (identity is null && principals.Count > 1)
            {
                return Error(StatusCodes.Status409Conflict,
                    $"node id '{nodeId}' is connected under {principals.Count} identities ({string.Join(", ", principals.Select(p => p ?? "none"))}); choose one with ?identity=");
            }

            var principal = identity ?? principals.FirstOrDefault();
            if (ledger.FindNode(nodeId, principal) is not { } node)
            {
                return Error(StatusCodes.Status404NotFound, $"no connected proxy with node id '{nodeId}'{(identity is null ? string.Empty : $" and identity '{identity}'")}");
            }

            var row = ProxyView.Row(node, clock.GetUtcNow());
            row["config"] = ProxyConfigView.Config(node, store);
            return Results.Json(row);
        });
    }

    private static IResult Error(int status, string message) => Results.Json(new { error = message }, statusCode: status);
}
