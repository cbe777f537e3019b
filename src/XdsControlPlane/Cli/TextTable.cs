using System.Text;

namespace XdsControlPlane.Cli;

/// <summary>The CLI's aligned tables: columns padded to their widest cell, two spaces apart, the last one unpadded.</summary>
internal static class TextTable
{
    /// <summary>The header and rows, one line each.</summary>
    public static string Align(string[] header, IEnumerable<string[]> rows)
    {
        var all = new List<string[]> { header };
        all.AddRange(rows);
        var widths = header.Select((_, i) => all.Max(r => r[i].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in all)
        {
            text.AppendLine(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
        }

        return text.ToString();
    }
}
