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
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[4];
        foreach (var (name, version) in pairs)
        {
            Append(hash, name, length);
            Append(hash, version, length);
        }

        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest[..8]);
    }

    private static void Append(IncrementalHash hash, string value, Span<byte> length)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
