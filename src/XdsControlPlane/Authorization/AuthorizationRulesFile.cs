using XdsControlPlane.Sources.Documents;
using XdsControlPlane.Xds.Protocol.Authorization;

namespace XdsControlPlane.Authorization;

/// <summary>
/// The operator's authorization rules (<c>Xds:AuthorizationRules</c>, <c>--authorization-rules FILE</c>): one YAML or
/// JSON document read within the same <see cref="DocumentLimits"/> as manifests, validated field by field. Every error
/// is reported at once, as <c>file:line: field: message</c>; a file with any error is not used (the server does not
/// start), since a half-read rule set would widen or narrow rights silently.
/// <code>
/// defaultRule: true            # own-namespace Gateways, proxyless and default; false turns it off
/// rules:
/// - name: ingress-edge          # named in PERMISSION_DENIED messages
///   identities: ["spiffe://cluster.local/ns/ingress/sa/*"]
///   profiles: ["gateway/edge/*", "gateway/{namespace}/*"]
///   action: Allow               # or Deny
///   readFleet: false            # true: may call CSDS
/// </code>
/// </summary>
internal static class AuthorizationRulesFile
{
    private static readonly string[] s_rootFields = ["defaultRule", "rules"];
    private static readonly string[] s_ruleFields = ["name", "identities", "profiles", "action", "readFleet"];

    /// <summary>The rules and whether the default rule applies; <paramref name="errors"/> lists every problem.</summary>
    public static (IReadOnlyList<AuthorizationRule> Rules, bool DefaultRule) Load(string path, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        errors = problems;
        string text;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > DocumentLimits.Default.MaxDocumentLength)
            {
                problems.Add($"{path}: the file is larger than {DocumentLimits.Default.MaxDocumentLength} bytes");
                return ([], true);
            }

            text = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            problems.Add($"{path}: cannot be read: {e.Message}");
            return ([], true);
        }
        catch (UnauthorizedAccessException e)
        {
            problems.Add($"{path}: cannot be read: {e.Message}");
            return ([], true);
        }

        IReadOnlyList<DocumentNode?> documents;
        try
        {
            documents = YamlDocumentReader.Read(text);
        }
        catch (DocumentParseException e)
        {
            problems.Add($"{path}:{e.Line}: {e.Message}");
            return ([], true);
        }

        if (documents.Count != 1 || documents[0] is not MappingNode root)
        {
            problems.Add($"{path}:1: the file must hold one object with 'rules' (and optionally 'defaultRule')");
            return ([], true);
        }

        var reader = new Reader(path, problems);
        reader.UnknownFields(root, string.Empty, s_rootFields);
        var defaultRule = reader.Bool(root, "defaultRule", string.Empty) ?? true;
        var rules = new List<AuthorizationRule>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (root["rules"] is { } list and not ScalarNode { Kind: ScalarKind.Null })
        {
            if (list is not SequenceNode sequence)
            {
                reader.Error(list, "rules", $"must be a list of rules, not {list.Describe()}");
            }
            else
            {
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    if (Rule(reader, sequence.Items[i], NodePath.Index("rules", i), names) is { } rule)
                    {
                        rules.Add(rule);
                    }
                }
            }
        }

        return (rules, defaultRule);
    }

    private static AuthorizationRule? Rule(Reader reader, DocumentNode node, string path, HashSet<string> names)
    {
        if (node is not MappingNode rule)
        {
            reader.Error(node, path, $"must be an object, not {node.Describe()}");
            return null;
        }

        var before = reader.Count;
        reader.UnknownFields(rule, path, s_ruleFields);
        var name = reader.String(rule, "name", path);
        if (name is null)
        {
            reader.Error(rule, NodePath.Key(path, "name"), "is required");
        }
        else if (!names.Add(name))
        {
            reader.Error(rule["name"]!, NodePath.Key(path, "name"), $"'{name}' names an earlier rule too; names must be unique");
        }

        var identities = reader.Strings(rule, "identities", path, (value, field, at) =>
        {
            if (!value.StartsWith("spiffe://", StringComparison.Ordinal) || value.Length > ClientIdentity.MaxLength)
            {
                reader.Error(at, field, $"'{value}' is not a SPIFFE ID pattern (spiffe://<trust-domain>/<path>, '*' within a segment)");
            }
        });
        if (identities.Count == 0)
        {
            reader.Error(rule["identities"] ?? rule, NodePath.Key(path, "identities"), "is required: at least one SPIFFE ID pattern");
        }

        var profiles = reader.Strings(rule, "profiles", path, (value, field, at) =>
        {
            if (value.Length == 0 || value.Any(char.IsWhiteSpace) || value.Replace(AuthorizationRule.NamespacePlaceholder, "x", StringComparison.Ordinal).IndexOfAny(['{', '}']) >= 0)
            {
                reader.Error(at, field, $"'{value}' is not a profile pattern (no spaces; '*' within a segment; '{AuthorizationRule.NamespacePlaceholder}' the identity's namespace)");
            }
        });
        var action = reader.String(rule, "action", path) ?? "Allow";
        if (action is not ("Allow" or "Deny"))
        {
            reader.Error(rule["action"]!, NodePath.Key(path, "action"), $"must be Allow or Deny, not '{action}'");
        }

        var readFleet = reader.Bool(rule, "readFleet", path) ?? false;
        if (profiles.Count == 0 && !readFleet)
        {
            reader.Error(rule, path, "a rule needs 'profiles', 'readFleet: true', or both");
        }

        return reader.Count > before || name is null ? null : new AuthorizationRule(name, identities, profiles, action == "Deny", readFleet);
    }

    /// <summary>Field readers that add <c>file:line: field: message</c> errors.</summary>
    private sealed class Reader(string path, List<string> errors)
    {
        public int Count => errors.Count;

        public void Error(DocumentNode at, string field, string message) =>
            errors.Add($"{path}:{at.Line}: {(field.Length == 0 ? string.Empty : field + ": ")}{message}");

        public void UnknownFields(MappingNode node, string path, string[] known)
        {
            foreach (var (key, value) in node.Entries)
            {
                if (!known.Contains(key, StringComparer.Ordinal))
                {
                    Error(value, path.Length == 0 ? key : NodePath.Key(path, key), $"unknown field; expected one of {string.Join(", ", known)}");
                }
            }
        }

        public string? String(MappingNode node, string key, string path)
        {
            var value = node[key];
            if (value is null or ScalarNode { Kind: ScalarKind.Null })
            {
                return null;
            }

            if (value is ScalarNode { Kind: ScalarKind.String or ScalarKind.Plain } scalar && scalar.Text.Length > 0)
            {
                return scalar.Text;
            }

            Error(value, NodePath.Key(path, key), $"must be a non-empty string, not {value.Describe()}");
            return null;
        }

        public bool? Bool(MappingNode node, string key, string path)
        {
            var value = node[key];
            if (value is null or ScalarNode { Kind: ScalarKind.Null })
            {
                return null;
            }

            if (value is ScalarNode { Kind: ScalarKind.Plain or ScalarKind.Boolean } scalar && bool.TryParse(scalar.Text, out var parsed))
            {
                return parsed;
            }

            Error(value, path.Length == 0 ? key : NodePath.Key(path, key), $"must be true or false, not {value.Describe()}");
            return null;
        }

        public List<string> Strings(MappingNode node, string key, string path, Action<string, string, DocumentNode> check)
        {
            var result = new List<string>();
            var value = node[key];
            if (value is null or ScalarNode { Kind: ScalarKind.Null })
            {
                return result;
            }

            var field = NodePath.Key(path, key);
            if (value is not SequenceNode list)
            {
                Error(value, field, $"must be a list of strings, not {value.Describe()}");
                return result;
            }

            for (var i = 0; i < list.Items.Count; i++)
            {
                var at = NodePath.Index(field, i);
                if (list.Items[i] is ScalarNode { Kind: ScalarKind.String or ScalarKind.Plain } item)
                {
                    check(item.Text, at, item);
                    result.Add(item.Text);
                }
                else
                {
                    Error(list.Items[i], at, $"must be a string, not {list.Items[i].Describe()}");
                }
            }

            return result;
        }
    }
}
