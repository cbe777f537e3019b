using Microsoft.Extensions.Logging;
using XdsControlPlane.Xds.Ledger;
using XdsControlPlane.Xds.Protocol.Authorization;
using XdsControlPlane.Xds.Protocol.Delta;
using XdsControlPlane.Xds.Protocol.Sotw;
using XdsControlPlane.Xds.Snapshots;
using XdsControlPlane.Xds.Transport;

namespace XdsControlPlane.Xds.Protocol;

/// <summary>Runs xDS streams: one SotW or delta engine per call, sharing the store, ledger and profile resolver.</summary>
public sealed class XdsStreamHandler(
    ISnapshotStore store, ProxyLedger ledger, IProfileResolver profiles, TimeProvider clock, ILoggerFactory loggers, XdsAuthorization? authorization = null)
{
    private readonly StreamContext _context = new(store, ledger, profiles, clock, loggers.CreateLogger("XdsControlPlane.Xds.Protocol"),
        authorization ?? new XdsAuthorization(mutualTls: false, allowPlaintextSecrets: true));

    /// <summary>Serves a State-of-the-World stream; <paramref name="fixedTypeUrl"/> is null for ADS.</summary>
    public Task RunSotwAsync(IGrpcCall call, string? fixedTypeUrl) => new SotwStream(call, _context, fixedTypeUrl).RunAsync();

    /// <summary>Serves an incremental stream; <paramref name="fixedTypeUrl"/> is null for ADS.</summary>
    public Task RunDeltaAsync(IGrpcCall call, string? fixedTypeUrl) => new DeltaStream(call, _context, fixedTypeUrl).RunAsync();

    /// <summary>Answers one unary <c>Fetch*</c> call for <paramref name="typeUrl"/> (see <see cref="FetchHandler"/>).</summary>
    public Task FetchAsync(IGrpcCall call, string typeUrl) => FetchHandler.RunAsync(call, _context, typeUrl);
}

/// <summary>What every stream shares.</summary>
internal sealed record StreamContext(ISnapshotStore Store, ProxyLedger Ledger, IProfileResolver Profiles, TimeProvider Clock, ILogger Logger,
    XdsAuthorization Authorization)
{
    /// <summary>
    /// The caller's identity (null without mutual TLS), checked against what it claims to be: a profile it may not act
    /// as ends the call with PERMISSION_DENIED naming the rule, logged and counted.
    /// </summary>
    public ClientIdentity? Authorize(IGrpcCall call, string nodeId, string profile)
    {
        ClientIdentity? identity = null;
        string? denied;
        if (!Authorization.MutualTls)
        {
            denied = null;
        }
        else if (call.ClientCertificate is not { } certificate)
        {
            denied = "no client certificate was presented";
        }
        else
        {
            try
            {
                identity = ClientIdentity.FromCertificate(certificate);
                denied = Authorization.Authorize(identity, profile);
            }
            catch (FormatException e)
            {
                denied = e.Message;
            }
        }

        return denied is null ? identity : throw Denied(identity is null ? "identity" : "profile", nodeId, identity, denied);
    }

    /// <summary>Ends the call when <paramref name="resources"/> hold a private key the caller may not receive.</summary>
    public void CheckSecrets(ClientIdentity? identity, string nodeId, string typeUrl, IEnumerable<XdsResource> resources)
    {
        if (typeUrl != TypeUrls.Secret || Authorization.MayReceivePrivateKeys(identity))
        {
            return;
        }

        foreach (var resource in resources)
        {
            if (Authorization.CheckSecret(identity, resource.Message) is { } denied)
            {
                throw Denied("private-key", nodeId, identity, denied);
            }
        }
    }

    /// <summary>Logs and counts a refusal; the exception ends the call with PERMISSION_DENIED.</summary>
    public GrpcException Denied(string reason, string nodeId, ClientIdentity? identity, string message)
    {
        Log.Denied(Logger, nodeId, identity?.Id ?? "(none)", reason, message);
        XdsMetrics.Denied(reason);
        return new GrpcException(GrpcStatusCode.PermissionDenied, message);
    }
}
