using Microsoft.Extensions.Logging;

namespace XdsControlPlane.Xds.Transport;

/// <summary>Log events of the gRPC dispatcher.</summary>
public sealed partial class GrpcRequestHandler
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "gRPC method {Method} is not implemented")]
    private static partial void LogUnimplemented(ILogger logger, string method);

    [LoggerMessage(Level = LogLevel.Error, Message = "gRPC handler for {Method} failed")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string method);

    [LoggerMessage(Level = LogLevel.Information, Message = "gRPC call {Method} ended with {Status}: {Detail}")]
    private static partial void LogCallEnded(ILogger logger, string method, GrpcStatusCode status, string detail);
}
