using Microsoft.Extensions.Logging;

namespace XdsControlPlane.Xds.Transport;

/// <summary>Log events of <see cref="GrpcCallEndings"/>.</summary>
public sealed partial class GrpcCallEndings
{
    // Debug and without the exception: thousands of proxies reconnecting is routine, and a stack trace would say nothing
    // about the server.
    [LoggerMessage(EventName = "CallEndedByClient", Level = LogLevel.Debug, Message = "gRPC call {Method} from {Peer} ended by the client ({Reason})")]
    private static partial void LogEndedByClient(ILogger logger, string method, string peer, string reason);
}
