using XdsControlPlane.Model;
using XdsControlPlane.Rejections;

namespace XdsControlPlane.Diagnostics;

/// <summary>
/// <c>GET /api/v1/errors</c>: per source object, the errors the sources and the compiler found, then what connected
/// clients reject of it (reason <c>RejectedByClient</c>, with the clients and the rejected resource).
/// </summary>
internal static class ErrorsView
{
    /// <summary>The reason of an error that says clients NACKed what an object produced.</summary>
    public const string RejectedByClient = "RejectedByClient";

    /// <summary>The JSON rows: one per object, sorted by object; each error has every field (null when not about clients).</summary>
    public static IEnumerable<object> Of(IReadOnlyList<ModelError> errors, IReadOnlyList<ClientRejection> rejections)
    {
        var rows = errors.Select(e => (e.Object, Row: (object)new
        {
            field = e.Field,
            message = e.Message,
            reason = e.Reason,
            severity = e.Severity.ToString(),
            clients = (object?)null,
            rejected = (object?)null,
        }));
        var rejected = rejections.SelectMany(r => r.Reasons.Select(reason => (r.Object, Row: (object)new
        {
            field = r.Field,
            message = reason.Summary(),
            reason = RejectedByClient,
            severity = nameof(ModelErrorSeverity.Error),
            clients = (object?)reason.Clients.Select(c => new { kind = c.Kind, version = c.Version, count = c.Count }),
            rejected = (object?)new { type = reason.Type, resource = reason.Resource, version = reason.Version, message = reason.Message, at = reason.At, omittedReasons = r.OmittedReasons },
        })));
        return rows.Concat(rejected)
            .GroupBy(e => e.Object)
            .OrderBy(g => g.Key)
            .Select(g => new { kind = g.Key.Kind, @namespace = g.Key.Namespace, name = g.Key.Name, errors = g.Select(e => e.Row) });
    }
}
