using System.Text;
using System.Text.RegularExpressions;
using XdsControlPlane.Model;
using XdsControlPlane.Sources.Documents;

namespace XdsControlPlane.Sources.Manifests;

/// <summary>
/// Parses one manifest file into documents. A YAML stream that fails to parse is parsed again document by document,
/// so one broken document costs only itself; the error names the file and the line. Every document, broken or not,
/// keeps its place, so the loader can tell which objects lived in a broken one (<see cref="LastKnownGood"/>).
/// </summary>
internal static partial class ManifestFileReader
{
    /// <summary>The kind of <see cref="ObjectRef"/> that errors about whole files are attached to.</summary>
    public const string FileKind = "File";

    /// <summary>Parses the content of <paramref name="relativePath"/> (JSON when its name ends in <c>.json</c>, else YAML),
    /// within <paramref name="limits"/>; empty documents are left out.</summary>
    public static IReadOnlyList<ManifestDocument> Parse(byte[] bytes, string relativePath, DocumentLimits limits)
    {
        if (relativePath.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var node = JsonDocumentReader.Read(bytes, limits);
                return [new ManifestDocument(node.Line, node, null)];
            }
            catch (DocumentParseException e)
            {
                return [Broken(relativePath, "JSON", e)];
            }
        }

        var text = new UTF8Encoding(false).GetString(bytes).TrimStart('\uFEFF');
        try
        {
            return [.. YamlDocumentReader.Read(text, 1, limits, new YamlTreeBuilder.NodeBudget()).OfType<DocumentNode>().Select(d => new ManifestDocument(d.Line, d, null))];
        }
        catch (DocumentParseException whole)
        {
            return Salvage(text, relativePath, whole, limits);
        }
    }

    /// <summary>The error for a file that could not be read.</summary>
    public static ModelError ReadError(string relativePath, Exception e) => FileError(relativePath, $"cannot read the file: {e.Message}", "ReadError");

    /// <summary>An error about a whole file.</summary>
    public static ModelError FileError(string relativePath, string message, string reason) =>
        new(new ObjectRef(FileKind, "", relativePath), "", message, reason);

    private static List<ManifestDocument> Salvage(string text, string relativePath, DocumentParseException whole, DocumentLimits limits)
    {
        var documents = new List<ManifestDocument>();
        var budget = new YamlTreeBuilder.NodeBudget();
        foreach (var (chunk, firstLine) in SplitDocuments(text))
        {
            if (documents.Count >= limits.MaxDocuments)
            {
                documents.Add(Broken(relativePath, "YAML", new DocumentParseException(firstLine, 1, $"the file holds more than {limits.MaxDocuments} documents")));
                break;
            }

            try
            {
                documents.AddRange(YamlDocumentReader.Read(chunk, firstLine, limits, budget).OfType<DocumentNode>().Select(d => new ManifestDocument(d.Line, d, null)));
            }
            catch (DocumentParseException e)
            {
                documents.Add(Broken(relativePath, "YAML", e));
            }
        }

        // Splitting on '---' lines is a heuristic; if it hides the failure, report the whole file as broken.
        return documents.Any(d => d.Error is not null) ? documents : [Broken(relativePath, "YAML", whole)];
    }

    private static IEnumerable<(string Text, int FirstLine)> SplitDocuments(string text)
    {
        var lines = text.Split('\n');
        var start = 0;
        for (var i = 1; i <= lines.Length; i++)
        {
            if (i == lines.Length || DocumentStart().IsMatch(lines[i]))
            {
                yield return (string.Join('\n', lines[start..i]), start + 1);
                start = i;
            }
        }
    }

    private static ManifestDocument Broken(string relativePath, string format, DocumentParseException e) =>
        new(e.Line, null, FileError(relativePath, $"invalid {format} at line {e.Line}, column {e.Column}: {e.Message} ({relativePath}:{e.Line})", "ParseError"));

    [GeneratedRegex(@"^---(\s|$)")]
    private static partial Regex DocumentStart();
}
