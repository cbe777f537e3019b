using System.Diagnostics.CodeAnalysis;

namespace XdsControlPlane.Sources.Mapping;

/// <summary>
/// Durations in the Gateway API format (GEP-2257): one to four components, each one to five digits followed by
/// <c>h</c>, <c>m</c>, <c>s</c> or <c>ms</c>, e.g. <c>10s</c>, <c>500ms</c>, <c>1h30m</c>. No signs, fractions or other units.
/// </summary>
public static class GatewayDuration
{
    /// <summary>What a valid duration looks like, for error messages.</summary>
    public const string Expected = "a duration like 10s, 500ms or 1h30m (1-4 parts of up to 5 digits with unit h, m, s or ms)";

    /// <summary>Parses <paramref name="text"/>; false when it is not a Gateway API duration.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var total = 0L;
        var components = 0;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            var number = 0L;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                number = (number * 10) + (text[i++] - '0');
            }

            var digits = i - start;
            if (digits is 0 or > 5 || ++components > 4 || i == text.Length)
            {
                return false;
            }

            long unitMs;
            if (text[i] == 'm' && i + 1 < text.Length && text[i + 1] == 's')
            {
                (unitMs, i) = (1, i + 2);
            }
            else
            {
                unitMs = text[i] switch { 'h' => 3_600_000, 'm' => 60_000, 's' => 1_000, _ => 0 };
                i++;
            }

            if (unitMs == 0)
            {
                return false;
            }

            total += number * unitMs;
        }

        value = TimeSpan.FromMilliseconds(total);
        return true;
    }
}
