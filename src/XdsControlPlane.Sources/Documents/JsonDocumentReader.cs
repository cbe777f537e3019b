using System.Text;
using System.Text.Json;

namespace XdsControlPlane.Sources.Documents;

/// <summary>
/// Reads one JSON value into a <see cref="DocumentNode"/> tree, with lines computed from byte offsets.
/// Used for <c>.json</c> manifests and (later) Kubernetes API responses.
/// </summary>
internal static class JsonDocumentReader
{
    private static readonly JsonReaderOptions _options = new() { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 128 };

    /// <summary>Parses <paramref name="utf8"/> (a leading byte order mark is skipped).</summary>
    /// <exception cref="DocumentParseException">The bytes are not one valid JSON value.</exception>
    public static DocumentNode Read(ReadOnlySpan<byte> utf8)
    {
        if (utf8.StartsWith(Encoding.UTF8.Preamble))
        {
            utf8 = utf8[Encoding.UTF8.Preamble.Length..];
        }

        var lines = LineStarts(utf8);
        var reader = new Utf8JsonReader(utf8, _options);
        try
        {
            if (!reader.Read())
            {
                throw new DocumentParseException(1, 1, "the file holds no JSON value");
            }

            var root = ReadValue(ref reader, lines);
            if (reader.Read())
            {
                var (line, column) = Position(lines, reader.TokenStartIndex);
                throw new DocumentParseException(line, column, "unexpected content after the JSON value");
            }

            return root;
        }
        catch (JsonException e)
        {
            throw new DocumentParseException((int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1, Clean(e.Message), e);
        }
    }

    private static DocumentNode ReadValue(ref Utf8JsonReader reader, List<int> lines)
    {
        var (line, column) = Position(lines, reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var entries = new List<KeyValuePair<string, DocumentNode>>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var (keyLine, keyColumn) = Position(lines, reader.TokenStartIndex);
                    var name = reader.GetString()!;
                    if (!seen.Add(name))
                    {
                        throw new DocumentParseException(keyLine, keyColumn, $"duplicate key '{name}'");
                    }

                    reader.Read();
                    entries.Add(new(name, ReadValue(ref reader, lines)));
                }

                return new MappingNode(line, column, entries);
            case JsonTokenType.StartArray:
                var items = new List<DocumentNode>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref reader, lines));
                }

                return new SequenceNode(line, column, items);
            case JsonTokenType.String:
                return new ScalarNode(line, column, ScalarKind.String, reader.GetString()!);
            case JsonTokenType.Number:
                return new ScalarNode(line, column, ScalarKind.Number, Encoding.UTF8.GetString(reader.ValueSpan));
            case JsonTokenType.True or JsonTokenType.False:
                return new ScalarNode(line, column, ScalarKind.Boolean, reader.TokenType == JsonTokenType.True ? "true" : "false");
            case JsonTokenType.Null:
                return new ScalarNode(line, column, ScalarKind.Null, "");
            default:
                throw new DocumentParseException(line, column, $"unexpected JSON token {reader.TokenType}");
        }
    }

    private static List<int> LineStarts(ReadOnlySpan<byte> utf8)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                starts.Add(i + 1);
            }
        }

        return starts;
    }

    private static (int Line, int Column) Position(List<int> lineStarts, long offset)
    {
        var index = lineStarts.BinarySearch((int)offset);
        var line = index >= 0 ? index : ~index - 1;
        return (line + 1, (int)offset - lineStarts[line] + 1);
    }

    // System.Text.Json appends " LineNumber: 3 | BytePositionInLine: 7." (we report the position ourselves) and
    // sometimes advice about its own reader options, which means nothing to someone editing a manifest.
    private static string Clean(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        message = cut > 0 ? message[..cut] : message;
        return message.Replace(" Change the reader options.", "", StringComparison.Ordinal).Replace(" in this mode", "", StringComparison.Ordinal);
    }
}
