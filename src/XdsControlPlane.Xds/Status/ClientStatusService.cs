using Envoy.Service.Status.V3;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using XdsControlPlane.Xds.Ledger;
using XdsControlPlane.Xds.Protocol.Authorization;
using XdsControlPlane.Xds.Transport;

namespace XdsControlPlane.Xds.Status;

/// <summary>
/// Client Status Discovery Service (<c>envoy.service.status.v3</c>) on the xDS port: what each connected client was
/// sent, ACKed and NACKed, per resource, so standard xDS tooling can ask the control plane about its clients.
/// </summary>
/// <param name="ledger">What the connected clients were sent, ACKed and NACKed.</param>
/// <param name="authorization">Under mutual TLS, only identities a rule lets read the fleet are answered.</param>
/// <param name="logger">Logs refusals.</param>
public sealed partial class ClientStatusService(IProxyLedger ledger, XdsAuthorization? authorization = null, ILogger<ClientStatusService>? logger = null)
{
    /// <summary>Bidirectional: every request is answered with the status of the matching clients.</summary>
    public const string StreamMethod = "/envoy.service.status.v3.ClientStatusDiscoveryService/StreamClientStatus";

    /// <summary>Unary: one request, one response.</summary>
    public const string FetchMethod = "/envoy.service.status.v3.ClientStatusDiscoveryService/FetchClientStatus";

    /// <summary>Answers every request of a <see cref="StreamMethod"/> call with the status of the matching clients.</summary>
    public async Task StreamAsync(IGrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        Authorize(call);
        while (await call.ReadAsync(ClientStatusRequest.Parser, call.CallCancelled).ConfigureAwait(false) is { } request)
        {
            await call.WriteAsync(Encode(Answer(ledger, request)), call.CallCancelled).ConfigureAwait(false);
        }
    }

    /// <summary>Answers the one request of a <see cref="FetchMethod"/> call.</summary>
    public async Task FetchAsync(IGrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        Authorize(call);
        var request = await call.ReadAsync(ClientStatusRequest.Parser, call.CallCancelled).ConfigureAwait(false)
            ?? throw new GrpcException(GrpcStatusCode.InvalidArgument, "FetchClientStatus needs a ClientStatusRequest");
        await call.WriteAsync(Encode(Answer(ledger, request)), call.CallCancelled).ConfigureAwait(false);
    }

    /// <summary>
    /// The status of every connected node matching any of the request's <c>node_matchers</c> (none means all): by node
    /// id (exact, prefix, suffix, contains, regex) and by node metadata (<c>node_metadatas</c>, all of which must
    /// match). A matcher that cannot be evaluated is rejected with INVALID_ARGUMENT naming its field, not ignored.
    /// </summary>
    public static ClientStatusResponse Answer(IProxyLedger ledger, ClientStatusRequest request)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(request);
        NodeMatching.Validate(request.NodeMatchers);

        var response = new ClientStatusResponse();
        foreach (var node in ledger.Nodes())
        {
            if (request.NodeMatchers.Count == 0 || request.NodeMatchers.Any(m => NodeMatching.Matches(m, node)))
            {
                var full = ledger.FindNode(node.NodeId, node.Principal) ?? node;
                response.Config.Add(ClientConfigs.From(full, request.ExcludeResourceContents));
            }
        }

        return response;
    }

    /// <summary>CSDS shows every client's configuration: under mutual TLS only to identities allowed to read the fleet.</summary>
    private void Authorize(IGrpcCall call)
    {
        if (authorization is not { MutualTls: true })
        {
            return;
        }

        ClientIdentity? identity = null;
        string? denied;
        try
        {
            identity = call.ClientCertificate is { } certificate ? ClientIdentity.FromCertificate(certificate) : null;
            denied = authorization.AuthorizeFleetRead(identity);
        }
        catch (FormatException e)
        {
            denied = e.Message;
        }

        if (denied is not null)
        {
            if (logger is not null)
            {
                LogDenied(logger, identity?.Id ?? "(none)", denied);
            }

            XdsMetrics.Denied("fleet");
            throw new GrpcException(GrpcStatusCode.PermissionDenied, denied);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "CSDS call refused: identity {Identity}: {Message}")]
    private static partial void LogDenied(ILogger logger, string identity, string message);

    private static OutgoingMessage Encode(IMessage message) => new([message.ToByteArray()]);
}
