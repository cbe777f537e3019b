using Google.Protobuf;
using Grpc.Core;

namespace XdsControlPlane.Xds.Transport;

/// <summary>
/// An <see cref="IGrpcCall"/> over a Grpc.AspNetCore unary call: the one request the library read, then the end of
/// the request stream; the one response is kept for the library to send when the handler returns.
/// </summary>
internal sealed class UnaryGrpcCall(object request, ServerCallContext context) : IGrpcCall
{
    private object? _request = request;

    /// <summary>The response the handler wrote, if it did.</summary>
    public OutgoingMessage? Response { get; private set; }

    public string Method => context.Method;

    public string Peer => GrpcCallLifetime.Of(context)?.Peer ?? context.Peer;

    public CancellationToken CallCancelled => context.CancellationToken;

    public System.Security.Cryptography.X509Certificates.X509Certificate2? ClientCertificate => context.GetHttpContext().Connection.ClientCertificate;

    public ValueTask<T?> ReadAsync<T>(MessageParser<T> parser, CancellationToken cancellationToken) where T : class, IMessage<T> =>
        Interlocked.Exchange(ref _request, null) switch
        {
            null => ValueTask.FromResult<T?>(null),
            T typed => ValueTask.FromResult<T?>(typed),
            var other => throw new InvalidOperationException($"{context.Method} carries {other.GetType().Name}, not {typeof(T).Name}"),
        };

    public ValueTask WriteAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        if (Response is not null)
        {
            throw new InvalidOperationException($"{context.Method} is unary: it has one response");
        }

        Response = message;
        return ValueTask.CompletedTask;
    }
}
