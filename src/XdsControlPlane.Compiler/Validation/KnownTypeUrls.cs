using System.Collections.Concurrent;

namespace XdsControlPlane.Compiler.Validation;

/// <summary>
/// Whether a type URL names a message of the Envoy API (<see cref="TypeUrlCatalog.Envoy"/>), remembered per URL: a
/// configuration repeats a handful of type URLs thousands of times.
/// </summary>
internal static class KnownTypeUrls
{
    private static readonly ConcurrentDictionary<string, bool> s_known = new(StringComparer.Ordinal);

    public static bool IsKnown(string typeUrl) =>
        s_known.TryGetValue(typeUrl, out var known) ? known : s_known.GetOrAdd(typeUrl, static url => TypeUrlCatalog.Envoy.IsKnown(url));
}
