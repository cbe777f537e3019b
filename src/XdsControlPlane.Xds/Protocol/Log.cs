using Microsoft.Extensions.Logging;

namespace XdsControlPlane.Xds.Protocol;

/// <summary>Structured log events of the protocol engine.</summary>
internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "stream opened: node {NodeId} profile {Profile} {Protocol} {Service} from {Peer}")]
    public static partial void StreamOpened(ILogger logger, string nodeId, string profile, string protocol, string service, string peer);

    [LoggerMessage(Level = LogLevel.Information, Message = "stream closed: node {NodeId} {Protocol}")]
    public static partial void StreamClosed(ILogger logger, string nodeId, string protocol);

    // Pushes and ACKs of new versions are information: with thousands of proxies that is one line per proxy and type
    // per change, so operators turn the category down (Logging:Levels:XdsControlPlane.Xds = Warning) at scale.
    // Resource bodies are never logged: only names, counts and versions.
    [LoggerMessage(Level = LogLevel.Information, Message = "push {Type} version {Version} nonce {Nonce} ({Count} resources, {Removed} removed) to {NodeId}")]
    public static partial void Pushed(ILogger logger, string type, string version, string nonce, int count, int removed, string nodeId);

    [LoggerMessage(Message = "ACK {Type} version {Version} from {NodeId}")]
    private static partial void AckedAt(ILogger logger, LogLevel level, string type, string version, string nodeId);

    /// <summary>An ACK: information when it accepts a version new to the stream, debug when it repeats one (subscription changes).</summary>
    public static void Acked(ILogger logger, bool newVersion, string type, string version, string nodeId) =>
        AckedAt(logger, newVersion ? LogLevel.Information : LogLevel.Debug, type, version, nodeId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "NACK {Type} version {Version} from {NodeId}: {Error}")]
    public static partial void Nacked(ILogger logger, string type, string version, string nodeId, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "stale {Type} request from {NodeId}: nonce {Nonce} is not the latest ({Latest}); ignored")]
    public static partial void StaleNonce(ILogger logger, string type, string nodeId, string nonce, string latest);

    [LoggerMessage(Level = LogLevel.Warning, Message = "xDS call refused ({Reason}): node {NodeId} identity {Identity}: {Message}")]
    public static partial void Denied(ILogger logger, string nodeId, string identity, string reason, string message);
}
