using System.Globalization;
using System.Text;

namespace XdsControlPlane.Sources.Documents;

/// <summary>
/// Field paths as errors spell them (<c>spec.rules[0].backendRefs[1].weight</c>, <c>metadata.labels["a.b/c"]</c>):
/// building them, and finding the node a path names so an error found on the mapped record still gets a line.
/// </summary>
internal static class NodePath
{
    /// <summary>Appends a key: <c>a.b</c>, or <c>a["x.y"]</c> when the key holds a dot or a slash.</summary>
    public static string Key(string path, string key) =>
        key.AsSpan().IndexOfAny("./[]\" ") >= 0 ? $"{path}[\"{key}\"]" : path.Length == 0 ? key : $"{path}.{key}";

    /// <summary>Appends an index: <c>a[3]</c>.</summary>
    public static string Index(string path, int index) => $"{path}[{index}]";

    /// <summary>The deepest node along <paramref name="path"/> that exists (the root if none does).</summary>
    public static DocumentNode Resolve(DocumentNode root, string path)
    {
        var node = root;
        foreach (var segment in Segments(path))
        {
            DocumentNode? next = (node, segment) switch
            {
                (MappingNode map, string key) => map[key],
                (SequenceNode list, int i) when i >= 0 && i < list.Items.Count => list.Items[i],
                _ => null,
            };
            if (next is null)
            {
                break;
            }

            node = next;
        }

        return node;
    }

    private static IEnumerable<object> Segments(string path)
    {
        var i = 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                i++;
            }
            else if (path[i] == '[' && i + 1 < path.Length && path[i + 1] == '"')
            {
                var end = path.IndexOf("\"]", i + 2, StringComparison.Ordinal);
                end = end < 0 ? path.Length : end;
                yield return path[(i + 2)..end];
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                end = end < 0 ? path.Length : end;
                yield return int.TryParse(path.AsSpan(i + 1, end - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : -1;
                i = end + 1;
            }
            else
            {
                var key = new StringBuilder();
                while (i < path.Length && path[i] is not '.' and not '[')
                {
                    key.Append(path[i++]);
                }

                yield return key.ToString();
            }
        }
    }
}
