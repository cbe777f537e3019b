using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace XdsControlPlane.Sources.Documents;

/// <summary>
/// Builds one YAML document's <see cref="DocumentNode"/> tree from parser events, with an explicit stack instead of
/// recursion, so nesting costs heap, not call stack; and stops at the first bound of <see cref="DocumentLimits"/> it
/// meets (depth, key and scalar length, nodes after alias expansion) with an error at that node.
/// </summary>
internal sealed class YamlTreeBuilder(int lineOffset, DocumentLimits limits, YamlTreeBuilder.NodeBudget budget)
{
    private const string StringTag = "tag:yaml.org,2002:str";
    private readonly Stack<Frame> _frames = new();
    private readonly Dictionary<string, Anchored> _anchors = new(StringComparer.Ordinal);

    /// <summary>The finished root, once the document's last event was added.</summary>
    public DocumentNode? Root { get; private set; }

    /// <summary>Adds one event between DocumentStart and DocumentEnd.</summary>
    /// <exception cref="DocumentParseException">A bound was hit, or the document is not a tree of string-keyed objects.</exception>
    public void Add(ParsingEvent e)
    {
        switch (e)
        {
            case MappingStart or SequenceStart:
                var start = (NodeEvent)e;
                ExpectValue(e);
                if (_frames.Count + 1 > limits.MaxDepth)
                {
                    throw Error(e.Start, $"nesting is deeper than {limits.MaxDepth} levels");
                }

                Count(e.Start, 1);
                _frames.Push(new Frame(e is MappingStart, Line(e.Start), (int)e.Start.Column, AnchorOf(start)));
                break;
            case MappingEnd or SequenceEnd:
                var frame = _frames.Pop();
                DocumentNode node = frame.IsMapping
                    ? new MappingNode(frame.Line, frame.Column, frame.Entries)
                    : new SequenceNode(frame.Line, frame.Column, frame.Items);
                Attach(node, frame.Height + 1, frame.Size + 1, frame.Anchor);
                break;
            case Scalar scalar when _frames.TryPeek(out var map) && map is { IsMapping: true, Key: null }:
                SetKey(map, scalar.Value, scalar.Start);
                break;
            case Scalar scalar:
                if (scalar.Value.Length > limits.MaxScalarLength)
                {
                    throw Error(scalar.Start, $"a value of {scalar.Value.Length} characters is longer than {limits.MaxScalarLength}");
                }

                Count(scalar.Start, 1);
                Attach(new ScalarNode(Line(scalar.Start), (int)scalar.Start.Column, KindOf(scalar), scalar.Value), 1, 1, AnchorOf(scalar));
                break;
            case AnchorAlias alias:
                if (!_anchors.TryGetValue(alias.Value.Value, out var target))
                {
                    throw Error(alias.Start, $"alias *{alias.Value.Value} names no anchor defined before it (an alias inside its own anchor?)");
                }

                if (_frames.TryPeek(out var owner) && owner is { IsMapping: true, Key: null })
                {
                    SetKey(owner, target.Node is ScalarNode key ? key.Text : null, alias.Start);
                    break;
                }

                if (_frames.Count + target.Height > limits.MaxDepth)
                {
                    throw Error(alias.Start, $"nesting is deeper than {limits.MaxDepth} levels (through alias *{alias.Value.Value})");
                }

                // The tree shares the aliased node; whoever walks it visits it once per alias, so it counts as a copy.
                Count(alias.Start, target.Size);
                Attach(target.Node, target.Height, target.Size, null);
                break;
            default:
                throw Error(e.Start, $"unexpected YAML event {e.GetType().Name}");
        }
    }

    private void ExpectValue(ParsingEvent e)
    {
        if (_frames.TryPeek(out var map) && map is { IsMapping: true, Key: null })
        {
            throw Error(e.Start, "mapping keys must be plain strings");
        }
    }

    private void SetKey(Frame map, string? key, Mark at)
    {
        if (key is null)
        {
            throw Error(at, "mapping keys must be plain strings");
        }

        if (key.Length > limits.MaxKeyLength)
        {
            throw Error(at, $"a key of {key.Length} characters is longer than {limits.MaxKeyLength}");
        }

        if (!map.Seen.Add(key))
        {
            throw Error(at, $"duplicate key '{key}'");
        }

        map.Key = key;
    }

    private void Attach(DocumentNode node, int height, long size, string? anchor)
    {
        if (anchor is not null)
        {
            _anchors[anchor] = new Anchored(node, height, size);
        }

        if (!_frames.TryPeek(out var parent))
        {
            Root = node;
            return;
        }

        if (parent.IsMapping)
        {
            parent.Entries.Add(new(parent.Key!, node));
            parent.Key = null;
        }
        else
        {
            parent.Items.Add(node);
        }

        parent.Height = Math.Max(parent.Height, height);
        parent.Size += size;
    }

    private void Count(Mark at, long nodes)
    {
        budget.Used += nodes;
        if (budget.Used > limits.MaxNodes)
        {
            throw Error(at, $"the document expands to more than {limits.MaxNodes} nodes (nested aliases?)");
        }
    }

    private int Line(Mark mark) => (int)mark.Line + lineOffset;

    private DocumentParseException Error(Mark at, string message) => new(Line(at), (int)at.Column, message);

    private static string? AnchorOf(NodeEvent e) => e.Anchor.IsEmpty ? null : e.Anchor.Value;

    private static ScalarKind KindOf(Scalar scalar)
    {
        if (scalar.Style != ScalarStyle.Plain || (!scalar.Tag.IsEmpty && scalar.Tag.Value == StringTag))
        {
            return ScalarKind.String;
        }

        return scalar.Value is "" or "~" or "null" or "Null" or "NULL" ? ScalarKind.Null : ScalarKind.Plain;
    }

    /// <summary>Nodes built so far for one file, shared by its documents.</summary>
    internal sealed class NodeBudget
    {
        /// <summary>Nodes counted so far.</summary>
        public long Used { get; set; }
    }

    private sealed record Anchored(DocumentNode Node, int Height, long Size);

    private sealed class Frame(bool isMapping, int line, int column, string? anchor)
    {
        public bool IsMapping { get; } = isMapping;

        public int Line { get; } = line;

        public int Column { get; } = column;

        public string? Anchor { get; } = anchor;

        // Only what the kind needs: a tree has as many frames as collections.
        public List<KeyValuePair<string, DocumentNode>> Entries { get; } = isMapping ? [] : null!;

        public HashSet<string> Seen { get; } = isMapping ? new(StringComparer.Ordinal) : null!;

        public List<DocumentNode> Items { get; } = isMapping ? null! : [];

        public string? Key { get; set; }

        public int Height { get; set; }

        public long Size { get; set; }
    }
}
