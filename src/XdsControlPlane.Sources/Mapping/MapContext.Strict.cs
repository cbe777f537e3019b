using XdsControlPlane.Sources.Documents;

namespace XdsControlPlane.Sources.Mapping;

/// <summary>Strict objects (our own kinds): a key that is not in the schema is an error, with a suggestion for typos.</summary>
internal sealed partial class MapContext
{
    /// <summary>Reports every key of <paramref name="map"/> not in <paramref name="known"/>.</summary>
    public void OnlyKnown(MappingNode map, string path, params string[] known)
    {
        foreach (var (key, value) in map.Entries)
        {
            if (!known.Contains(key, StringComparer.Ordinal))
            {
                var hint = Closest(key, known) is { } near ? $"; did you mean '{near}'?" : "";
                Error(value, NodePath.Key(path, key), $"unknown field '{key}' (known: {string.Join(", ", known)}){hint}");
            }
        }
    }

    private static string? Closest(string key, string[] known) =>
        known.Select(k => (Key: k, Distance: Distance(key.ToLowerInvariant(), k.ToLowerInvariant())))
            .Where(k => k.Distance <= Math.Max(2, Math.Max(key.Length, k.Key.Length) / 2) && k.Distance < Math.Min(key.Length, k.Key.Length))
            .OrderBy(k => k.Distance)
            .Select(k => k.Key)
            .FirstOrDefault();

    // Edit distance counting a swap of neighbours as one edit ("tiemout" is one edit from "timeout").
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
