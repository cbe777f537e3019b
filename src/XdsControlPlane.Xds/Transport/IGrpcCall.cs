using Google.Protobuf;

namespace XdsControlPlane.Xds.Transport;

/// <summary>
/// The seam between the protocol engine and the wire: one bidirectional-streaming gRPC call.
/// Reads may run concurrently with writes; writes must come from one caller at a time.
/// </summary>
public interface IGrpcCall
{
    /// <summary>The full method path, e.g. <c>/envoy.service.discovery.v3.AggregatedDiscoveryService/StreamAggregatedResources</c>.</summary>
    string Method { get; }

    /// <summary>The remote endpoint, for logs and diagnostics.</summary>
    string Peer { get; }

    /// <summary>The certificate the client presented (mutual TLS), or null.</summary>
    System.Security.Cryptography.X509Certificates.X509Certificate2? ClientCertificate { get; }

    /// <summary>Cancelled when the peer goes away, the deadline passes, or the server shuts down.</summary>
    CancellationToken CallCancelled { get; }

    /// <summary>Reads the next message, or returns null when the peer has half-closed its side.</summary>
    ValueTask<T?> ReadAsync<T>(MessageParser<T> parser, CancellationToken cancellationToken) where T : class, IMessage<T>;

    /// <summary>Writes one message made of pre-encoded protobuf segments and flushes it.</summary>
    ValueTask WriteAsync(OutgoingMessage message, CancellationToken cancellationToken);
}
