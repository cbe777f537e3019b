using System.Buffers;
using System.IO.Compression;

namespace XdsControlPlane.Xds.Transport;

/// <summary>
/// Message encodings a client may compress its requests with (<c>grpc-encoding</c>). Responses are never compressed:
/// they are pre-encoded once and shared by every stream, and the gRPC protocol lets a server answer uncompressed.
/// </summary>
internal static class GrpcCompression
{
    /// <summary>The <c>grpc-accept-encoding</c> value this server sends: what clients may use.</summary>
    public const string Accepted = "identity,deflate,gzip";

    /// <summary>
    /// Whether <paramref name="encoding"/> (a <c>grpc-encoding</c> value; empty when absent) is supported; its
    /// normalized name, or null for identity (no compression).
    /// </summary>
    public static bool TryParse(string? encoding, out string? normalized)
    {
        normalized = encoding?.Trim().ToLowerInvariant() switch
        {
            null or "" or "identity" => null,
            "gzip" => "gzip",
            "deflate" => "deflate",
            _ => "unsupported",
        };
        return normalized != "unsupported";
    }

    /// <summary>
    /// Decompresses one message; throws <see cref="GrpcException"/> when the bytes are not valid for the encoding or
    /// inflate beyond <paramref name="maxMessageSize"/> (so a small compressed message cannot exhaust memory).
    /// </summary>
    public static byte[] Decompress(string encoding, ReadOnlySequence<byte> payload, int maxMessageSize)
    {
        using var input = new MemoryStream(payload.ToArray(), writable: false);
        using Stream inflater = encoding == "gzip"
            ? new GZipStream(input, CompressionMode.Decompress)
            : new ZLibStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = inflater.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (output.Length + read > maxMessageSize)
                {
                    throw new GrpcException(GrpcStatusCode.ResourceExhausted,
                        $"received message exceeds the limit of {maxMessageSize} bytes once decompressed ({encoding})");
                }

                output.Write(buffer, 0, read);
            }
        }
        catch (InvalidDataException e)
        {
            throw new GrpcException(GrpcStatusCode.Internal, $"request message is not valid {encoding} data: {e.Message}");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return output.ToArray();
    }
}
