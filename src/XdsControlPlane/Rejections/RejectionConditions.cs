using XdsControlPlane.Model;

namespace XdsControlPlane.Rejections;

/// <summary>
/// The status condition that tells a Gateway or route's owner that connected clients reject what it produced:
/// <c>xds.controlplane.io/RejectedByClients</c>, True, reason <c>Nacked</c>, the message saying which clients and why.
/// It is there only while they reject it (after they ACK a later version, or disconnect, it is gone).
/// </summary>
internal static class RejectionConditions
{
    /// <summary>The condition type (domain-prefixed, as implementation-specific condition types are).</summary>
    public const string Type = "xds.controlplane.io/RejectedByClients";

    /// <summary>Its reason.</summary>
    public const string Reason = "Nacked";

    /// <summary>
    /// <paramref name="statuses"/> with the condition added to every status entry (each parentRef of a route) of an
    /// object clients reject; other entries are returned as they are.
    /// </summary>
    public static IReadOnlyList<ObjectStatus> Merge(IReadOnlyList<ObjectStatus> statuses, IReadOnlyList<ClientRejection> rejections)
    {
        if (rejections.Count == 0)
        {
            return statuses;
        }

        var messages = rejections.GroupBy(r => r.Object).ToDictionary(g => g.Key, Message);
        return [.. statuses.Select(s => messages.TryGetValue(s.Object, out var message)
            ? s with { Conditions = [.. s.Conditions, new StatusCondition(Type, true, Reason, message)] }
            : s)];
    }

    private static string Message(IEnumerable<ClientRejection> rejections) => string.Join("; ", rejections.SelectMany(r =>
        r.Reasons.Select(reason => (r.Field.Length == 0 ? "" : r.Field + ": ") + reason.Summary())
            .Concat(r.OmittedReasons > 0 ? [$"{(r.Field.Length == 0 ? "" : r.Field + ": ")}and {r.OmittedReasons} more reasons"] : [])));

}
