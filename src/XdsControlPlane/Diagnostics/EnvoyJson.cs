using System.Text.Json.Nodes;
using Google.Protobuf;
using XdsControlPlane.Compiler.Validation;

namespace XdsControlPlane.Diagnostics;

/// <summary>
/// Envoy resources as the JSON Envoy's own config dump would show (proto3 JSON, <c>Any</c> expanded with
/// <c>@type</c>), with secrets redacted: every dump, diff and config view of the diagnostics API goes through here,
/// so no private key, password or session ticket key ever leaves the server.
/// </summary>
internal static class EnvoyJson
{
    /// <summary>What a redacted value is replaced with.</summary>
    public const string Redacted = "[redacted]";

    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default
        .WithTypeRegistry(TypeUrlCatalog.Envoy.Registry)
        .WithFormatDefaultValues(false));

    // Fields (proto3 JSON names) whose whole value is secret, wherever they appear, Any-expanded configs included:
    // TlsCertificate private key, password and key provider config, GenericSecret.secret, session ticket keys,
    // HMAC and OAuth secrets.
    private static readonly HashSet<string> SecretFields = new(StringComparer.Ordinal)
    {
        "privateKey", "password", "privateKeyProvider", "secret", "sessionTicketKeys", "hmacSecret", "tokenSecret", "clientSecret",
    };

    /// <summary>The redacted JSON of <paramref name="message"/>, with its <c>@type</c>.</summary>
    public static JsonObject ToJson(IMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var node = JsonNode.Parse(Formatter.Format(message))!.AsObject();
        node.Insert(0, "@type", TypeUrlCatalog.TypeUrlOf(message.Descriptor));
        Redact(node);
        return node;
    }

    /// <summary>Replaces every secret field below <paramref name="node"/> with <see cref="Redacted"/>.</summary>
    public static void Redact(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    if (SecretFields.Contains(name))
                    {
                        obj[name] = Redacted;
                    }
                    else
                    {
                        Redact(obj[name]);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Redact(item);
                }

                break;
        }
    }
}
