using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace XdsControlPlane.Xds.Snapshots;

/// <summary>
/// Content-derived versions: the same bytes give the same version on any replica and after any restart,
/// so a proxy that reconnects elsewhere is not pushed anything it already has.
/// </summary>
public static class ContentHash
{
    /// <summary>16 hex characters (64 bits) of the SHA-256 of <paramref name="bytes"/>.</summary>
    public static string Of(ReadOnlySpan<byte> bytes)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(bytes, hash);
        return Convert.ToHexStringLower(hash[..8]);
    }

    /// <summary>
    /// Version of a set of (name, version) pairs, in the order given (callers pass them sorted by name).
    /// Length-prefixing keeps ("ab","c") and ("a","bc") apart.
    /// </summary>
    public static string OfPairs(IEnumerable<(string Name, string Version)> pairs)
    {
        // The bytes hashed are each value's UTF-8 length (4 bytes, big-endian) and bytes. They are gathered in a
        // buffer and handed to the hash in large blocks: one native hash call per value made a 10,000-resource set
        // cost milliseconds.
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var used = 0;
            foreach (var (name, version) in pairs)
            {
                used = Append(hash, buffer, used, name);
                used = Append(hash, buffer, used, version);
            }

            hash.AppendData(buffer, 0, used);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest[..8]);
    }

    private const int BufferSize = 64 * 1024;

    private static int Append(IncrementalHash hash, byte[] buffer, int used, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        if (used + 4 + length > buffer.Length)
        {
            hash.AppendData(buffer, 0, used);
            used = 0;
            if (4 + length > buffer.Length)
            {
                // A value larger than the buffer (never for names and versions in practice): hash it directly.
                Span<byte> prefix = stackalloc byte[4];
                BinaryPrimitives.WriteInt32BigEndian(prefix, length);
                hash.AppendData(prefix);
                hash.AppendData(Encoding.UTF8.GetBytes(value));
                return 0;
            }
        }

        BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(used), length);
        return used + 4 + Encoding.UTF8.GetBytes(value, buffer.AsSpan(used + 4));
    }
}
