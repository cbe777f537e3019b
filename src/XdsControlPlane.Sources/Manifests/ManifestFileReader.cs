using System.Text;
using System.Text.RegularExpressions;
using XdsControlPlane.Model;
using XdsControlPlane.Sources.Documents;

namespace XdsControlPlane.Sources.Manifests;

/// <summary>
/// Parses one manifest file into documents. A YAML stream that fails to parse is parsed again document by document,
/// so one broken document costs only itself; the error names the file and the line.
/// </summary>
internal static partial class ManifestFileReader
{
    /// <summary>The kind of <see cref="ObjectRef"/> that errors about whole files are attached to.</summary>
    public const string FileKind = "File";

    /// <summary>Parses the content of <paramref name="relativePath"/> (JSON when its name ends in <c>.json</c>, else YAML).</summary>
    public static (IReadOnlyList<DocumentNode> Documents, IReadOnlyList<ModelError> Errors) Parse(byte[] bytes, string relativePath)
    {
        if (relativePath.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return ([JsonDocumentReader.Read(bytes)], []);
            }
            catch (DocumentParseException e)
            {
                return ([], [ParseError(relativePath, "JSON", e)]);
            }
        }

        var text = new UTF8Encoding(false).GetString(bytes).TrimStart('\uFEFF');
        try
        {
            return ([.. YamlDocumentReader.Read(text).OfType<DocumentNode>()], []);
        }
        catch (DocumentParseException whole)
        {
            return Salvage(text, relativePath, whole);
        }
    }

    /// <summary>The error for a file that could not be read.</summary>
    public static ModelError ReadError(string relativePath, Exception e) => FileError(relativePath, $"cannot read the file: {e.Message}", "ReadError");

    /// <summary>An error about a whole file.</summary>
    public static ModelError FileError(string relativePath, string message, string reason) =>
        new(new ObjectRef(FileKind, "", relativePath), "", message, reason);

    private static (IReadOnlyList<DocumentNode>, IReadOnlyList<ModelError>) Salvage(string text, string relativePath, DocumentParseException whole)
    {
        var documents = new List<DocumentNode>();
        var errors = new List<ModelError>();
        foreach (var (chunk, firstLine) in SplitDocuments(text))
        {
            try
            {
                documents.AddRange(YamlDocumentReader.Read(chunk, firstLine).OfType<DocumentNode>());
            }
            catch (DocumentParseException e)
            {
                errors.Add(ParseError(relativePath, "YAML", e));
            }
        }

        // Splitting on '---' lines is a heuristic; if it hides the failure, report the whole file as broken.
        return errors.Count > 0 ? (documents, errors) : ([], [ParseError(relativePath, "YAML", whole)]);
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

    private static ModelError ParseError(string relativePath, string format, DocumentParseException e) =>
        FileError(relativePath, $"invalid {format} at line {e.Line}, column {e.Column}: {e.Message} ({relativePath}:{e.Line})", "ParseError");

    [GeneratedRegex(@"^---(\s|$)")]
    private static partial Regex DocumentStart();
}
