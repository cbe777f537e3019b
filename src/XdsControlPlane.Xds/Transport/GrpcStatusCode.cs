namespace XdsControlPlane.Xds.Transport;

/// <summary>
/// gRPC status codes as carried in the <c>grpc-status</c> trailer; the values are those of <see cref="Grpc.Core.StatusCode"/>.
/// </summary>
public enum GrpcStatusCode
{
    /// <summary>Not an error.</summary>
    Ok = 0,
    /// <summary>The operation was cancelled, typically by the caller.</summary>
    Cancelled = 1,
    /// <summary>Unknown error.</summary>
    Unknown = 2,
    /// <summary>The client sent something the server cannot accept.</summary>
    InvalidArgument = 3,
    /// <summary>The deadline set by <c>grpc-timeout</c> expired.</summary>
    DeadlineExceeded = 4,
    /// <summary>A named entity was not found.</summary>
    NotFound = 5,
    /// <summary>The caller is known but may not do what it asked.</summary>
    PermissionDenied = 7,
    /// <summary>A size or quota limit was exceeded.</summary>
    ResourceExhausted = 8,
    /// <summary>The system is not in a state required for the operation.</summary>
    FailedPrecondition = 9,
    /// <summary>The method is not implemented by this server.</summary>
    Unimplemented = 12,
    /// <summary>An invariant of the transport was broken.</summary>
    Internal = 13,
    /// <summary>The service is unavailable (for example shutting down); clients should retry elsewhere.</summary>
    Unavailable = 14,
    /// <summary>The caller lacks valid credentials.</summary>
    Unauthenticated = 16,
}
