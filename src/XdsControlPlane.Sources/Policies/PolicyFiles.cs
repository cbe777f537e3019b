using System.Text;
using XdsControlPlane.Sources.Documents;
using XdsControlPlane.Sources.Mapping;

namespace XdsControlPlane.Sources.Policies;

/// <summary>Reads a file of policies (YAML, one or many documents, or JSON; <c>List</c> objects expanded) into one JSON text
/// per object, in the format the policy API accepts. The CLI uses it for <c>policies apply -f</c>.</summary>
public static class PolicyFiles
{
    /// <summary>The objects of <paramref name="text"/> as JSON, in document order.</summary>
    /// <param name="text">File contents.</param>
    /// <param name="json">True for JSON (one value), false for YAML.</param>
    /// <exception cref="FormatException">The text does not parse, or a document is not an object.</exception>
    public static IReadOnlyList<string> ReadObjects(string text, bool json)
    {
        IReadOnlyList<DocumentNode?> documents;
        try
        {
            documents = json ? [JsonDocumentReader.Read(Encoding.UTF8.GetBytes(text))] : YamlDocumentReader.Read(text.TrimStart('\uFEFF'));
        }
        catch (DocumentParseException e)
        {
            throw new FormatException($"invalid {(json ? "JSON" : "YAML")} at line {e.Line}, column {e.Column}: {e.Message}", e);
        }

        var objects = new List<string>();
        foreach (var document in documents.OfType<DocumentNode>())
        {
            if (document is not MappingNode node)
            {
                throw new FormatException($"the document at line {document.Line} is {document.Describe()}, not an object");
            }

            var kind = (MapContext.Get(node, "kind") as ScalarNode)?.Text;
            if (kind is not null && kind.EndsWith("List", StringComparison.Ordinal) && MapContext.Get(node, "items") is SequenceNode items)
            {
                objects.AddRange(items.Items.Select(DocumentJson.Write));
            }
            else
            {
                objects.Add(DocumentJson.Write(node));
            }
        }

        return objects;
    }
}
