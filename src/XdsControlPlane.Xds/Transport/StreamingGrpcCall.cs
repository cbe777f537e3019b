using System.Runtime.CompilerServices;
using Google.Protobuf;
using Grpc.Core;

namespace XdsControlPlane.Xds.Transport;

/// <summary>An <see cref="IGrpcCall"/> over a Grpc.AspNetCore duplex-streaming call.</summary>
/// <typeparam name="TRequest">The method's request type, parsed by its marshaller (<see cref="GrpcMarshallers.Request{T}"/>).</typeparam>
internal sealed class StreamingGrpcCall<TRequest>(
    IAsyncStreamReader<TRequest> requests, IServerStreamWriter<OutgoingMessage> responses, ServerCallContext context) : IGrpcCall
    where TRequest : class
{
    public string Method => context.Method;

    public string Peer => GrpcCallLifetime.Of(context)?.Peer ?? context.Peer;

    public CancellationToken CallCancelled => context.CancellationToken;

    public System.Security.Cryptography.X509Certificates.X509Certificate2? ClientCertificate => context.GetHttpContext().Connection.ClientCertificate;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<T?> ReadAsync<T>(MessageParser<T> parser, CancellationToken cancellationToken) where T : class, IMessage<T>
    {
        bool read;
        try
        {
            read = await requests.MoveNext(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            // The library's framing: a compressed flag other than 0 or 1, or bytes the grpc-encoding cannot inflate.
            throw new GrpcException(GrpcStatusCode.Internal, $"request message could not be read: {e.Message}");
        }

        return !read ? null : requests.Current as T
            ?? throw new InvalidOperationException($"{context.Method} carries {typeof(TRequest).Name}, not {typeof(T).Name}");
    }

    public ValueTask WriteAsync(OutgoingMessage message, CancellationToken cancellationToken) =>
        new(responses.WriteAsync(message, cancellationToken));
}
