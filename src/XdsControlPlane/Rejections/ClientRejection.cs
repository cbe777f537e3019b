using XdsControlPlane.Model;

namespace XdsControlPlane.Rejections;

/// <summary>What connected clients reject of one source object's field, traced from their NACKs.</summary>
/// <param name="Object">The source object the rejected resources came from.</param>
/// <param name="Field">Its field (a route rule's match, <c>spec.rules</c>, a Service port, a Gateway listener).</param>
/// <param name="Reasons">Per rejected resource and client message, at most <see cref="NackTrace.MaxReasons"/>.</param>
/// <param name="OmittedReasons">Further distinct reasons seen and not kept.</param>
public sealed record ClientRejection(ObjectRef Object, string Field, IReadOnlyList<RejectionReason> Reasons, int OmittedReasons);

/// <summary>One reason clients reject an object: a resource, the client's message, and who.</summary>
/// <param name="Type">The resource type (<c>LDS</c>, <c>RDS</c>, <c>CDS</c>, <c>EDS</c>, <c>SDS</c>).</param>
/// <param name="Resource">The rejected resource's name.</param>
/// <param name="Version">The newest rejected version (SotW <c>version_info</c>, delta <c>system_version_info</c>).</param>
/// <param name="Message">The client's message (bounded, see <see cref="Xds.Ledger.NackRecord.MaxMessageLength"/>).</param>
/// <param name="Clients">Which clients: kind, release, and how many nodes, most first.</param>
/// <param name="At">When the newest of these NACKs arrived.</param>
public sealed record RejectionReason(string Type, string Resource, string Version, string Message, IReadOnlyList<RejectingClients> Clients, DateTimeOffset At)
{
    /// <summary>For humans: <c>rejected by 2 clients (grpc-core 1.51.1 ×2): RDS 'name' version v: message</c>.</summary>
    public string Summary()
    {
        var count = Clients.Sum(c => c.Count);
        var who = string.Join(", ", Clients.Select(c => $"{c.Kind}{(c.Version is null ? "" : " " + c.Version)} ×{c.Count}"));
        return $"rejected by {count} client{(count == 1 ? "" : "s")} ({who}): {Type} '{Resource}' version {Version}: {Message}";
    }
}

/// <summary>How many connected nodes of one client kind and release reject something.</summary>
/// <param name="Kind">The client kind (<see cref="Xds.Protocol.ClientKind"/>: <c>envoy</c>, <c>grpc-core</c>, <c>grpc-js</c>, ...).</param>
/// <param name="Version">Its release, or null when the node does not say.</param>
/// <param name="Count">Distinct node ids (per identity, under mutual TLS).</param>
public sealed record RejectingClients(string Kind, string? Version, int Count);
