using System.Collections.Concurrent;
using System.Text;

namespace XdsControlPlane.Compiler.Validation;

/// <summary>
/// Whether a type URL names a message of the Envoy API (<see cref="TypeUrlCatalog.Envoy"/>), remembered per URL: a
/// configuration repeats a handful of type URLs thousands of times.
/// </summary>
internal static class KnownTypeUrls
{
    private static readonly ConcurrentDictionary<string, bool> s_known = new(StringComparer.Ordinal);
    private static volatile (byte[] Url, bool Known)[] s_bytes = [];

    public static bool IsKnown(string typeUrl) =>
        s_known.TryGetValue(typeUrl, out var known) ? known : s_known.GetOrAdd(typeUrl, static url => TypeUrlCatalog.Envoy.IsKnown(url));

    /// <summary>The same for a type URL still in UTF-8 (read from packed bytes), without decoding the ones seen before.</summary>
    public static bool IsKnown(ReadOnlySpan<byte> typeUrl)
    {
        foreach (var (url, known) in s_bytes)
        {
            if (typeUrl.SequenceEqual(url))
            {
                return known;
            }
        }

        var result = IsKnown(Encoding.UTF8.GetString(typeUrl));
        if (s_bytes.Length < 64)
        {
            // Copy on write; a lost race only costs one decode later.
            s_bytes = [.. s_bytes, (typeUrl.ToArray(), result)];
        }

        return result;
    }
}
