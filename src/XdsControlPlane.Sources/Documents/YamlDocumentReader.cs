using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace XdsControlPlane.Sources.Documents;

/// <summary>Reads YAML (one or many documents) into <see cref="DocumentNode"/> trees that remember every node's line.</summary>
internal static class YamlDocumentReader
{
    private const string StringTag = "tag:yaml.org,2002:str";

    /// <summary>Parses every document of <paramref name="text"/>; empty documents come back as null.</summary>
    /// <param name="text">The YAML text.</param>
    /// <param name="firstLine">The line of the file <paramref name="text"/> starts on (for parsing a part of a file).</param>
    /// <exception cref="DocumentParseException">The text is not valid YAML.</exception>
    public static IReadOnlyList<DocumentNode?> Read(string text, int firstLine = 1)
    {
        var offset = firstLine - 1;
        var stream = new YamlStream();
        var scanner = new Scanner(new StringReader(text));
        var parser = new TrackingParser(new Parser(scanner));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            throw new DocumentParseException((int)e.Start.Line + offset, (int)e.Start.Column, Clean(e), e);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet throws these for some malformed input (e.g. '---' inside an unclosed '['), without a position:
            // report where the scanner stopped, and where the last complete value ended, which is usually nearer the cause.
            throw new DocumentParseException((int)scanner.CurrentPosition.Line + offset, (int)scanner.CurrentPosition.Column,
                $"malformed YAML; the last complete value ends on line {parser.LastGood.Line + offset} (a bracket or quote left open?)", e);
        }

        var budget = new NodeBudget();
        return [.. stream.Documents.Select(d => IsEmpty(d.RootNode) ? null : Convert(d.RootNode, offset, budget))];
    }

    private sealed class NodeBudget
    {
        public const int Limit = 1_000_000;

        public int Used { get; set; }
    }

    private sealed class TrackingParser(IParser inner) : IParser
    {
        public Mark LastGood { get; private set; } = Mark.Empty;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            LastGood = inner.Current?.End ?? LastGood;
            return inner.MoveNext();
        }
    }

    private static bool IsEmpty(YamlNode node) => node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: null or "" or "~" or "null" };

    private static DocumentNode Convert(YamlNode node, int offset, NodeBudget budget)
    {
        var (line, column) = ((int)node.Start.Line + offset, (int)node.Start.Column);
        if (++budget.Used > NodeBudget.Limit)
        {
            // Aliases are shared in YamlDotNet's tree but copied here: nested aliases could otherwise expand without bound.
            throw new DocumentParseException(line, column, $"the document expands to more than {NodeBudget.Limit} nodes (nested aliases?)");
        }

        switch (node)
        {
            case YamlScalarNode scalar:
                return new ScalarNode(line, column, KindOf(scalar), scalar.Value ?? "");
            case YamlSequenceNode sequence:
                return new SequenceNode(line, column, [.. sequence.Children.Select(c => Convert(c, offset, budget))]);
            case YamlMappingNode mapping:
                var entries = new List<KeyValuePair<string, DocumentNode>>(mapping.Children.Count);
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var (key, value) in mapping.Children)
                {
                    var keyLine = (int)key.Start.Line + offset;
                    if (key is not YamlScalarNode { Value: { } name })
                    {
                        throw new DocumentParseException(keyLine, (int)key.Start.Column, "mapping keys must be plain strings");
                    }

                    if (!seen.Add(name))
                    {
                        throw new DocumentParseException(keyLine, (int)key.Start.Column, $"duplicate key '{name}'");
                    }

                    entries.Add(new(name, Convert(value, offset, budget)));
                }

                return new MappingNode(line, column, entries);
            default:
                throw new DocumentParseException(line, column, $"unsupported YAML node {node.NodeType}");
        }
    }

    private static ScalarKind KindOf(YamlScalarNode scalar)
    {
        if (scalar.Style != YamlDotNet.Core.ScalarStyle.Plain || (!scalar.Tag.IsEmpty && scalar.Tag.Value == StringTag))
        {
            return ScalarKind.String;
        }

        return scalar.Value is null or "" or "~" or "null" or "Null" or "NULL" ? ScalarKind.Null : ScalarKind.Plain;
    }

    // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 40) - (Line: ...): "; we report the position ourselves.
    private static string Clean(YamlException e)
    {
        var message = e.Message;
        var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        return cut >= 0 && message.StartsWith("(Line", StringComparison.Ordinal) ? message[(cut + 3)..] : message;
    }
}
