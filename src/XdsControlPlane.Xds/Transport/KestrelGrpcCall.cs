using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace XdsControlPlane.Xds.Transport;

/// <summary>An <see cref="IGrpcCall"/> over one Kestrel HTTP/2 request.</summary>
internal sealed class KestrelGrpcCall(HttpContext context, int maxReceiveMessageSize, CancellationToken callCancelled) : IGrpcCall
{
    public string Method => context.Request.Path.Value ?? string.Empty;

    public string Peer => $"{context.Connection.RemoteIpAddress}:{context.Connection.RemotePort}";

    public CancellationToken CallCancelled => callCancelled;

    public ValueTask<T?> ReadAsync<T>(MessageParser<T> parser, CancellationToken cancellationToken) where T : class, IMessage<T>
    {
        return GrpcFraming.ReadAsync(context.Request.BodyReader, maxReceiveMessageSize, Parse, cancellationToken);

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
