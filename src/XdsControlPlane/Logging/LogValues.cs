using System.Globalization;
using System.Text;

namespace XdsControlPlane.Logging;

/// <summary>
/// How a value from a client (node id, cluster, user agent, NACK text, resource names, paths) is written into a log:
/// control characters escaped, so it cannot start a forged line or drive a terminal, and long values cut with a marker,
/// so one client cannot write megabyte lines.
/// </summary>
internal static class LogValues
{
    /// <summary>Most strings are cut after this many characters.</summary>
    public const int MaxLength = 1024;

    /// <summary>Identity strings (<see cref="ShortProperties"/>) are cut after this many characters.</summary>
    public const int MaxIdentityLength = 256;

    /// <summary>Properties that name a client; the shorter limit applies to them.</summary>
    public static readonly IReadOnlySet<string> ShortProperties = new HashSet<string>(StringComparer.Ordinal)
    {
        "NodeId", "Node", "Cluster", "UserAgent", "Profile", "Identity", "Peer", "RemoteAddress", "Caller",
    };

    /// <summary>
    /// <paramref name="value"/> with control characters (C0, DEL, C1, line and paragraph separators, bidirectional
    /// overrides) written as <c>\n</c>, <c>\r</c>, <c>\t</c> or <c>\uXXXX</c>, and cut after <paramref name="max"/>
    /// characters with <c>…(+N chars)</c>. Returns the same instance when nothing needs changing.
    /// </summary>
    public static string Clean(string value, int max = MaxLength)
    {
        ArgumentNullException.ThrowIfNull(value);
        var length = Math.Min(value.Length, max);
        if (length > 0 && char.IsHighSurrogate(value[length - 1]) && length < value.Length)
        {
            length--; // never split a surrogate pair
        }

        var clean = length == value.Length;
        for (var i = 0; i < length && clean; i++)
        {
            clean = !NeedsEscape(value[i]);
        }

        if (clean)
        {
            return value;
        }

        var text = new StringBuilder(length + 16);
        for (var i = 0; i < length; i++)
        {
            var c = value[i];
            if (!NeedsEscape(c))
            {
                text.Append(c);
                continue;
            }

            text.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
            });
        }

        if (length < value.Length)
        {
            text.Append("…(+").Append((value.Length - length).ToString(CultureInfo.InvariantCulture)).Append(" chars)");
        }

        return text.ToString();
    }

    private static bool NeedsEscape(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
