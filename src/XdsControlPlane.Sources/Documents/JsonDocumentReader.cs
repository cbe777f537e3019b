using System.Text;
using System.Text.Json;

namespace XdsControlPlane.Sources.Documents;

/// <summary>
/// Reads one JSON value into a <see cref="DocumentNode"/> tree, with lines computed from byte offsets.
/// Used for <c>.json</c> manifests and policy request bodies. Within <see cref="DocumentLimits"/>: the reader's own depth
/// limit stops deep nesting (the recursion here is bounded by it), and long strings and keys, too many nodes and too many
/// bytes are errors at their position.
/// </summary>
internal static class JsonDocumentReader
{
    /// <summary>Parses <paramref name="utf8"/> (a leading byte order mark is skipped).</summary>
    /// <exception cref="DocumentParseException">The bytes are not one valid JSON value, or break a bound.</exception>
    public static DocumentNode Read(ReadOnlySpan<byte> utf8, DocumentLimits? limits = null)
    {
        limits ??= DocumentLimits.Default;
        if (utf8.StartsWith(Encoding.UTF8.Preamble))
        {
            utf8 = utf8[Encoding.UTF8.Preamble.Length..];
        }

        if (utf8.Length > limits.MaxDocumentLength)
        {
            throw new DocumentParseException(1, 1, $"the JSON value is {utf8.Length} bytes, more than {limits.MaxDocumentLength}");
        }

        var lines = LineStarts(utf8);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = limits.MaxDepth });
        var state = new ReadState(lines, limits);
        try
        {
            if (!reader.Read())
            {
                throw new DocumentParseException(1, 1, "the file holds no JSON value");
            }

            var root = ReadValue(ref reader, state);
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

    private static DocumentNode ReadValue(ref Utf8JsonReader reader, ReadState state)
    {
        var lines = state.Lines;
        var (line, column) = Position(lines, reader.TokenStartIndex);
        if (++state.Nodes > state.Limits.MaxNodes)
        {
            throw new DocumentParseException(line, column, $"the document has more than {state.Limits.MaxNodes} nodes");
        }

        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var entries = new List<KeyValuePair<string, DocumentNode>>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var (keyLine, keyColumn) = Position(lines, reader.TokenStartIndex);
                    var name = Text(ref reader, keyLine, keyColumn);
                    if (name.Length > state.Limits.MaxKeyLength)
                    {
                        throw new DocumentParseException(keyLine, keyColumn, $"a key of {name.Length} characters is longer than {state.Limits.MaxKeyLength}");
                    }

                    if (!seen.Add(name))
                    {
                        throw new DocumentParseException(keyLine, keyColumn, $"duplicate key '{name}'");
                    }

                    reader.Read();
                    entries.Add(new(name, ReadValue(ref reader, state)));
                }

                return new MappingNode(line, column, entries);
            case JsonTokenType.StartArray:
                var items = new List<DocumentNode>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref reader, state));
                }

                return new SequenceNode(line, column, items);
            case JsonTokenType.String:
                var text = Text(ref reader, line, column);
                return text.Length <= state.Limits.MaxScalarLength
                    ? new ScalarNode(line, column, ScalarKind.String, text)
                    : throw new DocumentParseException(line, column, $"a value of {text.Length} characters is longer than {state.Limits.MaxScalarLength}");
            case JsonTokenType.Number when reader.ValueSpan.Length > state.Limits.MaxScalarLength:
                throw new DocumentParseException(line, column, $"a number of {reader.ValueSpan.Length} digits is longer than {state.Limits.MaxScalarLength}");
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

    // GetString throws InvalidOperationException, not JsonException, for an escape that is not valid UTF-16 ("\ud800"
    // alone): found by fuzzing the policy API, where it escaped as a server error.
    private static string Text(ref Utf8JsonReader reader, int line, int column)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            throw new DocumentParseException(line, column, "a string holds an escape that is not valid UTF-16 (a lone surrogate such as \\ud800)", e);
        }
    }

    private sealed class ReadState(List<int> lines, DocumentLimits limits)
    {
        public List<int> Lines { get; } = lines;

        public DocumentLimits Limits { get; } = limits;

        public int Nodes { get; set; }
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
