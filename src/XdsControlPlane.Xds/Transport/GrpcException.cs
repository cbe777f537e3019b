using Grpc.Core;

namespace XdsControlPlane.Xds.Transport;

/// <summary>
/// Ends a gRPC call with the given status; the message goes to the <c>grpc-message</c> trailer. It is the library's
/// <see cref="RpcException"/> (which Grpc.AspNetCore turns into the call's status without logging a stack trace), named
/// with the project's <see cref="GrpcStatusCode"/> so the protocol engine needs no gRPC library types.
/// </summary>
public sealed class GrpcException(GrpcStatusCode status, string message)
    : RpcException(new Grpc.Core.Status((StatusCode)status, message), message)
{
    /// <summary>The status sent to the peer.</summary>
    public GrpcStatusCode Code { get; } = status;
}
