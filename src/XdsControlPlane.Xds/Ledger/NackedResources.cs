using System.Globalization;
using System.Text.RegularExpressions;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Xds.Ledger;

/// <summary>
/// Which resources of a rejected response a client's NACK message is about. gRPC clients (C-core, grpc-js, grpc-go)
/// prefix each resource's error with <c>resource index N</c>, its position in the response; Envoy names the
/// listeners, clusters or route configurations it failed to add (<c>Error adding/updating listener(s) NAME: ...</c>).
/// A message that names none of the response's resources (C-core 1.51's <c>Invalid route header matcher
/// specified.</c> for a one-resource response, a hostile client's noise) leaves them all.
/// </summary>
public static partial class NackedResources
{
    /// <summary>How much of a message is searched: the rest of a long message names nothing more.</summary>
    public const int MaxScannedLength = 64 * 1024;

    private static readonly char[] s_separators = [' ', '\t', '\n', '\r', '"', '\'', '`', '[', ']', '(', ')', '{', '}', ',', ';'];

    /// <summary>
    /// The resources of <paramref name="response"/> that <paramref name="message"/> names by index or by name, in
    /// response order, and true; or the whole response (the same list) and false when it names none.
    /// </summary>
    public static (IReadOnlyList<XdsResource> Resources, bool Narrowed) Of(IReadOnlyList<XdsResource> response, string message)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(message);
        if (response.Count <= 1 || message.Length == 0)
        {
            return (response, false);
        }

        var text = message.Length > MaxScannedLength ? message[..MaxScannedLength] : message;
        var picked = new bool[response.Count];
        var any = false;
        foreach (Match index in ResourceIndex().Matches(text))
        {
            if (int.TryParse(index.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < response.Count)
            {
                any = picked[i] = true;
            }
        }

        if (!any)
        {
            var words = new HashSet<string>(StringComparer.Ordinal);
            foreach (var word in text.Split(s_separators, StringSplitOptions.RemoveEmptyEntries))
            {
                words.Add(word.TrimEnd(':', '.'));
            }

            for (var i = 0; i < response.Count; i++)
            {
                if (words.Contains(response[i].Name))
                {
                    any = picked[i] = true;
                }
            }
        }

        return any ? ([.. response.Where((_, i) => picked[i])], true) : (response, false);
    }

    [GeneratedRegex(@"resource index (\d{1,9})\b")]
    private static partial Regex ResourceIndex();
}
