using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;

namespace XdsControlPlane.Xds.Transport;

/// <summary>The gRPC length-prefixed message framing: 1 byte compressed flag, 4 bytes big-endian length, message.</summary>
internal static class GrpcFraming
{
    public const int HeaderLength = 5;

    /// <summary>
    /// Reads one frame. Returns null at a clean end of stream; throws <see cref="GrpcException"/> on a
    /// truncated frame, a compressed frame when the call negotiated no <paramref name="encoding"/>, or one over
    /// <paramref name="maxMessageSize"/> (compressed or not). The buffer handed to <paramref name="consume"/> is only
    /// valid during that call.
    /// </summary>
    public static async ValueTask<T?> ReadAsync<T>(
        PipeReader reader, int maxMessageSize, Func<ReadOnlySequence<byte>, T> consume, CancellationToken cancellationToken,
        string? encoding = null)
        where T : class
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (TryReadFrame(ref buffer, maxMessageSize, encoding, out var payload, out var compressed))
            {
                try
                {
                    return consume(compressed ? new ReadOnlySequence<byte>(GrpcCompression.Decompress(encoding!, payload, maxMessageSize)) : payload);
                }
                finally
                {
                    reader.AdvanceTo(buffer.Start);
                }
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                reader.AdvanceTo(buffer.End);
                if (buffer.IsEmpty)
                {
                    return null;
                }

                throw new GrpcException(GrpcStatusCode.Internal, "request stream ended in the middle of a message");
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, int maxMessageSize, string? encoding,
        out ReadOnlySequence<byte> payload, out bool compressed)
    {
        payload = default;
        compressed = false;
        if (buffer.Length < HeaderLength)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[HeaderLength];
        buffer.Slice(0, HeaderLength).CopyTo(header);
        if (header[0] > 1)
        {
            throw new GrpcException(GrpcStatusCode.Internal, $"invalid compressed flag {header[0]} in a message header");
        }

        compressed = header[0] == 1;
        if (compressed && encoding is null)
        {
            throw new GrpcException(GrpcStatusCode.Internal, "a compressed message arrived but the call named no grpc-encoding");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (length > (uint)maxMessageSize)
        {
            throw new GrpcException(GrpcStatusCode.ResourceExhausted,
                $"received message of {length} bytes exceeds the limit of {maxMessageSize} bytes");
        }

        if (buffer.Length < HeaderLength + length)
        {
            return false;
        }

        payload = buffer.Slice(HeaderLength, length);
        buffer = buffer.Slice(HeaderLength + length);
        return true;
    }

    /// <summary>Writes one uncompressed frame whose payload is the concatenation of the segments.</summary>
    public static void Write(PipeWriter writer, OutgoingMessage message)
    {
        var header = writer.GetSpan(HeaderLength);
        header[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(header[1..], (uint)message.Length);
        writer.Advance(HeaderLength);
        foreach (var segment in message.Segments)
        {
            writer.Write(segment.Span);
        }
    }

    /// <summary>Encodes a <c>grpc-timeout</c> value ("1S", "200m") as a time span; null when absent or malformed.</summary>
    public static TimeSpan? ParseTimeout(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length < 2 || value.Length > 9)
        {
            return null;
        }

        if (!long.TryParse(value.AsSpan(0, value.Length - 1), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var amount))
        {
            return null;
        }

        return value[^1] switch
        {
            'H' => TimeSpan.FromHours(amount),
            'M' => TimeSpan.FromMinutes(amount),
            'S' => TimeSpan.FromSeconds(amount),
            'm' => TimeSpan.FromMilliseconds(amount),
            'u' => TimeSpan.FromTicks(amount * 10),
            'n' => TimeSpan.FromTicks(amount / 100),
            _ => null,
        };
    }
}
