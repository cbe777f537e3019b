using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace XdsControlPlane.Sources.Documents;

/// <summary>
/// Reads YAML (one or many documents) into <see cref="DocumentNode"/> trees that remember every node's line. The trees
/// are built from the parser's events without recursion and within <see cref="DocumentLimits"/>: a document nested
/// 12,000 levels deep is an error at the line where it passes the limit, not a stack overflow.
/// </summary>
internal static class YamlDocumentReader
{
    /// <summary>Parses every document of <paramref name="text"/>; empty documents come back as null.</summary>
    /// <param name="text">The YAML text.</param>
    /// <param name="firstLine">The line of the file <paramref name="text"/> starts on (for parsing a part of a file).</param>
    /// <param name="limits">Bounds to apply; <see cref="DocumentLimits.Default"/> when null.</param>
    /// <exception cref="DocumentParseException">The text is not valid YAML, or breaks a bound; it stops reading there.</exception>
    public static IReadOnlyList<DocumentNode?> Read(string text, int firstLine = 1, DocumentLimits? limits = null) =>
        Read(text, firstLine, limits ?? DocumentLimits.Default, new YamlTreeBuilder.NodeBudget());

    /// <summary>As <see cref="Read(string, int, DocumentLimits?)"/>, counting nodes into <paramref name="budget"/>, which
    /// parts of one file share.</summary>
    public static IReadOnlyList<DocumentNode?> Read(string text, int firstLine, DocumentLimits limits, YamlTreeBuilder.NodeBudget budget)
    {
        var offset = firstLine - 1;
        var scanner = new Scanner(new StringReader(text));
        var parser = new Parser(scanner);
        var documents = new List<DocumentNode?>();
        var lastGood = Mark.Empty;
        YamlTreeBuilder? builder = null;
        var documentStart = 0L;
        try
        {
            while (parser.MoveNext())
            {
                var e = parser.Current!;
                switch (e)
                {
                    case StreamStart or StreamEnd:
                        break;
                    case DocumentStart:
                        if (documents.Count >= limits.MaxDocuments)
                        {
                            throw new DocumentParseException((int)e.Start.Line + offset, (int)e.Start.Column, $"the file holds more than {limits.MaxDocuments} documents");
                        }

                        (builder, documentStart) = (new YamlTreeBuilder(offset, limits, budget), e.Start.Index);
                        break;
                    case DocumentEnd:
                        documents.Add(builder?.Root is { } root && !IsEmpty(root) ? root : null);
                        builder = null;
                        break;
                    default:
                        if (e.End.Index - documentStart > limits.MaxDocumentLength)
                        {
                            throw new DocumentParseException((int)e.Start.Line + offset, (int)e.Start.Column,
                                $"the document is longer than {limits.MaxDocumentLength} characters");
                        }

                        builder!.Add(e);
                        break;
                }

                lastGood = e.End;
            }
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
                $"malformed YAML; the last complete value ends on line {lastGood.Line + offset} (a bracket or quote left open?)", e);
        }

        return documents;
    }

    // An empty document, or one that is only '~' or 'null', holds no object (a trailing '---' makes one).
    private static bool IsEmpty(DocumentNode root) => root is ScalarNode { Kind: ScalarKind.Null };

    // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 40) - (Line: ...): "; we report the position ourselves.
    private static string Clean(YamlException e)
    {
        var message = e.Message;
        var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        return cut >= 0 && message.StartsWith("(Line", StringComparison.Ordinal) ? message[(cut + 3)..] : message;
    }
}
