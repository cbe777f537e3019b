namespace XdsControlPlane.Xds.Transport;

/// <summary>
/// One protobuf message as a list of already-encoded segments. Segments are usually shared between many
/// calls (the encoded resources of a snapshot), so the transport copies them straight into the wire buffer
/// and nothing is serialized per client (see <see cref="GrpcMarshallers.Response"/>). A class, not a struct: it is the
/// response type of the gRPC methods, which the library requires to be a reference type.
/// </summary>
public sealed class OutgoingMessage
{
    /// <summary>Creates a message from its segments, in wire order.</summary>
    public OutgoingMessage(IReadOnlyList<ReadOnlyMemory<byte>> segments)
    {
        Segments = segments;
        var length = 0;
        foreach (var segment in segments)
        {
            length += segment.Length;
        }

        Length = length;
    }

    /// <summary>The encoded pieces, concatenated on the wire.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Segments { get; }

    /// <summary>Total encoded length in bytes.</summary>
    public int Length { get; }

    /// <summary>Concatenates the segments (tests and diagnostics only; the transport never needs it).</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[Length];
        var offset = 0;
        foreach (var segment in Segments)
        {
            segment.Span.CopyTo(bytes.AsSpan(offset));
            offset += segment.Length;
        }

        return bytes;
    }
}
