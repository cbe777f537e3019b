using System.Text;
using System.Text.RegularExpressions;
using XdsControlPlane.Model;
using XdsControlPlane.Model.Policies;
using XdsControlPlane.Sources.Documents;
using XdsControlPlane.Sources.Mapping;

namespace XdsControlPlane.Sources.Policies;

/// <summary>
/// Reads policies for the store with the manifest mapper and validators (<see cref="ObjectMapper"/>), so a policy in the
/// store and one in a manifest have one format and one set of rules; and maps stored rows back to models.
/// </summary>
internal static partial class PolicyDocument
{
    /// <summary>The kind of stored policies (the manifest kind).</summary>
    public const string Kind = "XdsPolicy";

    /// <summary>Parses and validates one <c>XdsPolicy</c> object in JSON. <c>apiVersion</c> and <c>kind</c> may be left out;
    /// when <paramref name="expectedNamespace"/> and <paramref name="expectedName"/> are given (the URL of a replace), the
    /// object's metadata may leave them out and must not contradict them.</summary>
    public static (ParsedPolicy? Policy, IReadOnlyList<ModelError> Errors) Parse(string json, string? expectedNamespace = null, string? expectedName = null)
    {
        var unnamed = new ObjectRef(Kind, expectedNamespace ?? "", expectedName ?? "");
        DocumentNode node;
        try
        {
            node = JsonDocumentReader.Read(Encoding.UTF8.GetBytes(json));
        }
        catch (DocumentParseException e)
        {
            return (null, [new ModelError(unnamed, "", $"invalid JSON at line {e.Line}, column {e.Column}: {e.Message}", "ParseError")]);
        }

        if (node is not MappingNode obj)
        {
            return (null, [new ModelError(unnamed, "", $"the body is {node.Describe()}, not an XdsPolicy object")]);
        }

        var errors = new List<ModelError>();
        if (MapContext.Get(obj, "apiVersion") is ScalarNode { Text: var apiVersion } && apiVersion != ObjectMapper.PolicyApi)
        {
            errors.Add(new ModelError(unnamed, "apiVersion", $"must be {ObjectMapper.PolicyApi}, got '{apiVersion}'"));
        }

        if (MapContext.Get(obj, "kind") is ScalarNode { Text: var kind } && kind != Kind)
        {
            errors.Add(new ModelError(unnamed, "kind", $"must be {Kind}, got '{kind}' (the policy store holds only policies)"));
        }

        var mapped = ObjectMapper.Map(WithIdentity(obj, expectedNamespace, expectedName), file: null);
        errors.AddRange(mapped.Errors.Where(e => e.Severity == ModelErrorSeverity.Error));
        var (ns, name) = (mapped.Ref.Namespace, mapped.Ref.Name);
        if (expectedName is not null && name != expectedName)
        {
            errors.Add(new ModelError(mapped.Ref, "metadata.name", $"must be '{expectedName}', the name in the URL"));
        }

        if (expectedNamespace is not null && ns != expectedNamespace)
        {
            errors.Add(new ModelError(mapped.Ref, "metadata.namespace", $"must be '{expectedNamespace}', the namespace in the URL"));
        }

        if (name.Length > 0 && (name.Length > 253 || !DnsSubdomain().IsMatch(name)))
        {
            errors.Add(new ModelError(mapped.Ref, "metadata.name", $"'{name}' is not a valid name: lower-case letters, digits, '-' and '.', at most 253 characters"));
        }

        if (ns.Length > 63 || !DnsLabel().IsMatch(ns))
        {
            errors.Add(new ModelError(mapped.Ref, "metadata.namespace", $"'{ns}' is not a valid namespace: lower-case letters, digits and '-', at most 63 characters"));
        }

        if (errors.Count > 0 || mapped.Value is not PolicyModel model || obj["spec"] is not MappingNode spec)
        {
            return (null, [.. errors.Select(e => e with { Object = mapped.Ref }).Distinct()]);
        }

        var sections = spec.Entries.Where(e => e.Key != "targetRef" && MapContext.Get(spec, e.Key) is not null).Select(e => e.Key).Order(StringComparer.Ordinal);
        return (new ParsedPolicy(ns, name, model, DocumentJson.Write(spec), "," + string.Join(',', sections) + ","), []);
    }

    /// <summary>Maps a stored row back to a model; a row that no longer validates (rules tightened since) comes back with its errors.</summary>
    public static MappedObject FromRecord(string ns, string name, long revision, string specJson)
    {
        DocumentNode spec;
        try
        {
            spec = JsonDocumentReader.Read(Encoding.UTF8.GetBytes(specJson));
        }
        catch (DocumentParseException e)
        {
            var self = new ObjectRef(Kind, ns, name);
            return new MappedObject(self, null, [new ModelError(self, "spec", $"the stored spec is not valid JSON: {e.Message}", "StoreCorrupt")], null);
        }

        var metadata = new MappingNode(0, 0,
        [
            new("name", Scalar(name)),
            new("namespace", Scalar(ns)),
            new("generation", new ScalarNode(0, 0, ScalarKind.Number, revision.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        ]);
        var obj = new MappingNode(0, 0, [new("apiVersion", Scalar(ObjectMapper.PolicyApi)), new("kind", Scalar(Kind)), new("metadata", metadata), new("spec", spec)]);
        return ObjectMapper.Map(obj, file: null);
    }

    private static ScalarNode Scalar(string text) => new(0, 0, ScalarKind.String, text);

    // Fills in what a request may leave out: apiVersion and kind (implied), and the name and namespace of the URL.
    private static MappingNode WithIdentity(MappingNode obj, string? expectedNamespace, string? expectedName)
    {
        var entries = obj.Entries.Where(e => e.Key is not ("apiVersion" or "kind")).ToList();
        entries.Insert(0, new("apiVersion", Scalar(ObjectMapper.PolicyApi)));
        entries.Insert(1, new("kind", Scalar(Kind)));
        if (obj["metadata"] is MappingNode or null)
        {
            var metadata = obj["metadata"] as MappingNode ?? new MappingNode(obj.Line, obj.Column, []);
            var fields = metadata.Entries.ToList();
            if (expectedName is not null && MapContext.Get(metadata, "name") is null)
            {
                fields.RemoveAll(f => f.Key == "name");
                fields.Add(new("name", Scalar(expectedName)));
            }

            if (expectedNamespace is not null && MapContext.Get(metadata, "namespace") is null)
            {
                fields.RemoveAll(f => f.Key == "namespace");
                fields.Add(new("namespace", Scalar(expectedNamespace)));
            }

            entries.RemoveAll(e => e.Key == "metadata");
            entries.Add(new("metadata", new MappingNode(metadata.Line, metadata.Column, fields)));
        }

        return new MappingNode(obj.Line, obj.Column, entries);
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();
}
