using System.Globalization;
using System.Text;

namespace XdsControlPlane.Compiler.Validation;

/// <summary>
/// The path of the value being checked, kept as a stack of segments and rendered to a string only when a
/// violation is reported, so a walk that finds nothing builds no strings.
/// </summary>
internal sealed class FieldPath
{
    private readonly List<Segment> _segments = new(16);

    public void PushField(string name) => _segments.Add(new Segment(name, -1, null));

    public void PushIndex(int index) => _segments.Add(new Segment(null, index, null));

    public void PushKey(object key) => _segments.Add(new Segment(null, -1, key));

    public void Pop() => _segments.RemoveAt(_segments.Count - 1);

    public void Clear() => _segments.Clear();

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var segment in _segments)
        {
            if (segment.Name is not null)
            {
                if (text.Length > 0)
                {
                    text.Append('.');
                }

                text.Append(segment.Name);
            }
            else if (segment.Key is not null)
            {
                text.Append('[').Append(FormatKey(segment.Key)).Append(']');
            }
            else
            {
                text.Append('[').Append(segment.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
            }
        }

        return text.ToString();
    }

    private static string FormatKey(object key) => key switch
    {
        string s => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => key.ToString() ?? string.Empty,
    };

    private readonly record struct Segment(string? Name, int Index, object? Key);
}
