using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using XdsControlPlane.Model;

namespace XdsControlPlane.Compiler.Tests.Support;

/// <summary>Envoy JSON of compiled resources (Any fields expanded through a registry of every Envoy message type).</summary>
internal static class EnvoyJson
{
    private static readonly JsonFormatter s_formatter = new(JsonFormatter.Settings.Default.WithTypeRegistry(Registry()));
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>One JSON document for a profile: its resources by type, each list in the compiler's (sorted) order.</summary>
    public static string Profile(ProfileResources profile)
    {
        var root = new JsonObject
        {
            ["listeners"] = Array(profile.Listeners),
            ["routeConfigurations"] = Array(profile.RouteConfigurations),
            ["clusters"] = Array(profile.Clusters),
            ["clusterLoadAssignments"] = Array(profile.ClusterLoadAssignments),
            ["secrets"] = Array(profile.Secrets),
        };
        return root.ToJsonString(s_indented) + "\n";
    }

    /// <summary>Errors and statuses as JSON, for review next to the resources.</summary>
    public static string Report(CompileResult result)
    {
        var root = new JsonObject
        {
            ["errors"] = new JsonArray([.. result.Errors.Select(e => (JsonNode)$"{e.Object.Kind} {e.Object.Namespace}/{e.Object.Name} {e.Field} [{e.Reason}]: {e.Message}")]),
            ["statuses"] = new JsonArray([.. result.Statuses.SelectMany(StatusLines).Select(line => (JsonNode)line)]),
        };
        return root.ToJsonString(s_indented) + "\n";
    }

    /// <summary>One line per status, then (Gateways) one indented line per listener: kinds, attached routes, conditions.</summary>
    private static IEnumerable<string> StatusLines(ObjectStatus s)
    {
        yield return $"{s.Object.Kind} {s.Object.Namespace}/{s.Object.Name}" +
            (s.Parent is { } p ? $" parent {p.Kind} {p.Namespace}/{p.Name}{(p.SectionName is null ? "" : "#" + p.SectionName)}{(p.Port is null ? "" : ":" + p.Port)}" : "") +
            ": " + Conditions(s.Conditions);
        foreach (var l in s.Listeners)
        {
            yield return $"  listener {l.Name} [{string.Join(", ", l.SupportedKinds)}] attachedRoutes={l.AttachedRoutes}: {Conditions(l.Conditions)}";
        }
    }

    private static string Conditions(IEnumerable<StatusCondition> conditions) => string.Join("; ", conditions.Select(c => $"{c.Type}={c.Status} {c.Reason}"));

    public static string Message(IMessage message) => s_formatter.Format(message);

    private static JsonArray Array(IEnumerable<IMessage> messages) => new([.. messages.Select(m => JsonNode.Parse(s_formatter.Format(m)))]);

    private static TypeRegistry Registry()
    {
        var files = typeof(Envoy.Config.Listener.V3.Listener).Assembly.GetTypes()
            .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
            .Where(p => p?.PropertyType == typeof(FileDescriptor))
            .Select(p => (FileDescriptor)p!.GetValue(null)!)
            .Append(Google.Protobuf.WellKnownTypes.Any.Descriptor.File);
        return TypeRegistry.FromFiles([.. files]);
    }
}
