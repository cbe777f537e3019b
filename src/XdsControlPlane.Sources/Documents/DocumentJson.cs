using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace XdsControlPlane.Sources.Documents;

/// <summary>
/// Writes a <see cref="DocumentNode"/> tree as compact JSON, so a YAML manifest and a JSON request store the same text.
/// An unquoted YAML scalar becomes a JSON number or boolean when it reads as one, and a string otherwise; the mappers
/// accept a JSON number or boolean wherever they accept the unquoted scalar, so mapping the JSON gives the same record.
/// </summary>
internal static partial class DocumentJson
{
    /// <summary>The JSON text of <paramref name="node"/>.</summary>
    public static string Write(DocumentNode node)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, node);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, DocumentNode node)
    {
        switch (node)
        {
            case MappingNode map:
                writer.WriteStartObject();
                foreach (var (key, value) in map.Entries)
                {
                    writer.WritePropertyName(key);
                    Write(writer, value);
                }

                writer.WriteEndObject();
                break;
            case SequenceNode list:
                writer.WriteStartArray();
                foreach (var item in list.Items)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case ScalarNode scalar:
                WriteScalar(writer, scalar);
                break;
            default:
                throw new ArgumentException($"unexpected node {node.GetType().Name}", nameof(node));
        }
    }

    private static void WriteScalar(Utf8JsonWriter writer, ScalarNode scalar)
    {
        switch (scalar.Kind)
        {
            case ScalarKind.Null:
                writer.WriteNullValue();
                break;
            case ScalarKind.Boolean:
                writer.WriteBooleanValue(scalar.Text == "true");
                break;
            case ScalarKind.Number:
                writer.WriteRawValue(scalar.Text);
                break;
            case ScalarKind.Plain when scalar.Text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE":
                writer.WriteBooleanValue(scalar.Text[0] is 't' or 'T');
                break;
            case ScalarKind.Plain when JsonNumber().IsMatch(scalar.Text):
                writer.WriteRawValue(scalar.Text);
                break;
            default:
                writer.WriteStringValue(scalar.Text);
                break;
        }
    }

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")]
    private static partial Regex JsonNumber();
}
