using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace XdsControlPlane.Xds.Transport;

/// <summary>An <see cref="IGrpcCall"/> over one Kestrel HTTP/2 request.</summary>
/// <param name="context">The request.</param>
/// <param name="maxReceiveMessageSize">Largest request message accepted, after decompression.</param>
/// <param name="callCancelled">Ends the call.</param>
/// <param name="encoding">The request's <c>grpc-encoding</c> (gzip or deflate), or null when messages are not compressed.</param>
internal sealed class KestrelGrpcCall(HttpContext context, int maxReceiveMessageSize, CancellationToken callCancelled, string? encoding = null) : IGrpcCall
{
    public string Method => context.Request.Path.Value ?? string.Empty;

    public string Peer => $"{context.Connection.RemoteIpAddress}:{context.Connection.RemotePort}";

    public CancellationToken CallCancelled => callCancelled;

    public ValueTask<T?> ReadAsync<T>(MessageParser<T> parser, CancellationToken cancellationToken) where T : class, IMessage<T>
    {
        return GrpcFraming.ReadAsync(context.Request.BodyReader, maxReceiveMessageSize, Parse, cancellationToken, encoding);

        T Parse(System.Buffers.ReadOnlySequence<byte> payload)
        {
            try
            {
                return parser.ParseFrom(payload);
            }
            catch (InvalidProtocolBufferException e)
            {
                throw new GrpcException(GrpcStatusCode.InvalidArgument, $"request message is not a valid {typeof(T).Name}: {e.Message}");
            }
        }
    }

    public async ValueTask WriteAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var writer = context.Response.BodyWriter;
        GrpcFraming.Write(writer, message);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
