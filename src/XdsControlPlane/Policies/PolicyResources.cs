using System.Globalization;
using System.Text.Json.Nodes;
using XdsControlPlane.Model;
using XdsControlPlane.Sources.Policies;

namespace XdsControlPlane.Policies;

/// <summary>JSON shapes of the policy API: a policy looks like an <c>XdsPolicy</c> manifest with its revision and timestamps in <c>metadata</c>.</summary>
internal static class PolicyResources
{
    /// <summary>apiVersion of policies and policy lists.</summary>
    public const string ApiVersion = "xds.controlplane.io/v1alpha1";

    /// <summary>One policy.</summary>
    public static JsonObject Policy(StoredPolicy p) => new()
    {
        ["apiVersion"] = ApiVersion,
        ["kind"] = "XdsPolicy",
        ["metadata"] = new JsonObject
        {
            ["name"] = p.Name,
            ["namespace"] = p.Namespace,
            ["revision"] = p.Revision,
            ["createdAt"] = Time(p.CreatedAt),
            ["updatedAt"] = Time(p.UpdatedAt),
            ["createdBy"] = p.CreatedBy,
            ["updatedBy"] = p.UpdatedBy,
        },
        ["spec"] = JsonNode.Parse(p.Spec),
    };

    /// <summary>A list of policies.</summary>
    public static JsonObject List(IEnumerable<StoredPolicy> policies) => new()
    {
        ["apiVersion"] = ApiVersion,
        ["kind"] = "XdsPolicyList",
        ["items"] = new JsonArray([.. policies.Select(p => (JsonNode)Policy(p))]),
    };

    /// <summary>A policy's audit trail.</summary>
    public static JsonObject History(string ns, string name, IEnumerable<PolicyAuditEntry> entries) => new()
    {
        ["namespace"] = ns,
        ["name"] = name,
        ["changes"] = new JsonArray([.. entries.Select(e => (JsonNode)new JsonObject
        {
            ["revision"] = e.Revision,
            ["action"] = e.Action,
            ["actor"] = e.Actor,
            ["at"] = Time(e.At),
            ["spec"] = e.Spec is null ? null : JsonNode.Parse(e.Spec),
        })]),
    };

    /// <summary>A 400 body: <c>{"error": "invalid policy ns/name", "fields": [{"field", "message"}...]}</c>, every error listed.</summary>
    public static JsonObject Invalid(IReadOnlyList<ModelError> errors)
    {
        var subject = errors.Select(e => e.Object).FirstOrDefault(o => o.Name.Length > 0);
        return new JsonObject
        {
            ["error"] = subject is null ? "invalid policy" : $"invalid policy {subject.Namespace}/{subject.Name}",
            ["fields"] = new JsonArray([.. errors.Select(e => (JsonNode)new JsonObject { ["field"] = e.Field, ["message"] = e.Message })]),
        };
    }

    /// <summary>The ETag of a revision: <c>"3"</c>.</summary>
    public static string ETag(long revision) => $"\"{revision.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>Reads a revision from an If-Match value (<c>"3"</c>, <c>W/"3"</c> or <c>3</c>); null if it is not one.</summary>
    public static long? Revision(string? ifMatch)
    {
        var text = ifMatch?.Trim() ?? "";
        text = text.StartsWith("W/", StringComparison.Ordinal) ? text[2..] : text;
        text = text.Trim('"');
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var revision) ? revision : null;
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
