namespace XdsControlPlane.Xds.Transport;

/// <summary>Ends a gRPC call with the given status; the message goes to the <c>grpc-message</c> trailer.</summary>
public sealed class GrpcException(GrpcStatusCode status, string message) : Exception(message)
{
    /// <summary>The status sent to the peer.</summary>
    public GrpcStatusCode Status { get; } = status;
}
