using System.Buffers;
using Google.Protobuf;
using Grpc.Core;

namespace XdsControlPlane.Xds.Transport;

/// <summary>
/// Marshallers of the hand-defined methods: requests are parsed with the Envoy message parsers; responses are
/// <see cref="OutgoingMessage"/>s whose pre-encoded segments are copied straight into the response pipe, so nothing is
/// serialized per client (P28).
/// </summary>
public static class GrpcMarshallers
{
    /// <summary>
    /// The response marshaller. It announces the length first, so Grpc.AspNetCore writes the frame header and hands out
    /// the response pipe itself: the shared bytes go to the wire with one copy and no intermediate buffer. It cannot
    /// read responses: this server never receives them.
    /// </summary>
    public static Marshaller<OutgoingMessage> Response { get; } = new(Serialize, _ =>
        throw new NotSupportedException("the server never reads a response message"));

    /// <summary>The request marshaller of <typeparamref name="T"/>; it cannot write requests.</summary>
    public static Marshaller<T> Request<T>(MessageParser<T> parser) where T : class, IMessage<T> =>
        new((_, _) => throw new NotSupportedException("the server never writes a request message"), context => Parse(parser, context));

    private static void Serialize(OutgoingMessage message, SerializationContext context)
    {
        context.SetPayloadLength(message.Length);
        var writer = context.GetBufferWriter();
        foreach (var segment in message.Segments)
        {
            writer.Write(segment.Span);
        }

        context.Complete();
    }

    private static T Parse<T>(MessageParser<T> parser, DeserializationContext context) where T : class, IMessage<T>
    {
        try
        {
            return parser.ParseFrom(context.PayloadAsReadOnlySequence());
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new GrpcException(GrpcStatusCode.InvalidArgument, $"request message is not a valid {typeof(T).Name}: {e.Message}");
        }
    }
}
