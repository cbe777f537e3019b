using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace XdsControlPlane.Testing.Kubernetes;

/// <summary>Request handling: paths, authentication, list, get, create, replace and status patch.</summary>
public sealed partial class SimulatedApiServer
{
    private async Task HandleAsync(HttpContext context)
    {
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        var request = new RecordedRequest(
            context.Request.Method,
            context.Request.Path.Value ?? "/",
            context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal),
            context.Request.ContentType,
            body,
            context.Request.Headers.Authorization.FirstOrDefault(),
            context.Connection.ClientCertificate?.Subject);

        // A request is recorded (and its waiters released) once it has been handled, so a test that waits for a PATCH
        // reads the patched object, not the one before it; a watch is recorded when it opens.
        var recorded = false;
        void RecordOnce()
        {
            if (!recorded)
            {
                recorded = true;
                Record(request);
            }
        }

        try
        {
            await HandleAsync(context, request, RecordOnce).ConfigureAwait(false);
        }
        finally
        {
            RecordOnce();
        }
    }

    private async Task HandleAsync(HttpContext context, RecordedRequest request, Action recordWatch)
    {
        var body = request.Body;
        if (RequiredToken is { } token && request.Authorization != $"Bearer {token}")
        {
            context.Response.StatusCode = 401;
            await WriteJsonAsync(context, StatusObject(401, "Unauthorized", "Unauthorized")).ConfigureAwait(false);
            return;
        }

        if (Fault?.Invoke(request) is { } fault)
        {
            context.Response.StatusCode = fault;
            await WriteJsonAsync(context, StatusObject(fault, "InternalError", $"simulated failure {fault}")).ConfigureAwait(false);
            return;
        }

        if (Route(request.Path) is not var (kind, ns, name, subresource))
        {
            context.Response.StatusCode = 404;
            await WriteJsonAsync(context, StatusObject(404, "NotFound", "the server could not find the requested resource")).ConfigureAwait(false);
            return;
        }

        var (code, answer) = (request.Method, name, subresource) switch
        {
            ("GET", null, null) when request.IsWatch => (0, null),
            ("GET", null, null) => List(kind, ns, request),
            ("GET", not null, null) => Read(kind, ns, name),
            ("POST" or "PUT", _, null) when BadMicroTime(kind, body) is { } bad => (400, bad),
            ("POST", null, null) => Create(kind, ns, body),
            ("PUT", not null, null) => Replace(kind, ns, name, body),
            ("PATCH", not null, "status") => PatchStatus(kind, ns, name, request),
            _ => (405, StatusObject(405, "MethodNotAllowed", $"{request.Method} is not supported here")),
        };
        if (code == 0)
        {
            recordWatch();
            await WatchAsync(context, kind, ns, request).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = code;
        await WriteJsonAsync(context, answer!).ConfigureAwait(false);
    }

    private void Record(RecordedRequest request)
    {
        List<TaskCompletionSource<RecordedRequest>> matched;
        lock (_gate)
        {
            _requests.Add(request);
            matched = [.. _awaited.Where(a => a.Match(request)).Select(a => a.Done)];
            _awaited.RemoveAll(a => matched.Contains(a.Done));
        }

        foreach (var done in matched)
        {
            done.TrySetResult(request);
        }
    }

    // /api/v1[/namespaces/NS]/PLURAL[/NAME[/SUB]] and /apis/GROUP/VERSION/...; null when no served kind matches.
    private (SimulatedKind Kind, string? Namespace, string? Name, string? Subresource)? Route(string path)
    {
        var segments = path.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
        var (group, version, rest) = segments switch
        {
            ["api", var v, .. var r] => ("", v, r),
            ["apis", var g, var v, .. var r] => (g, v, r),
            _ => ("", "", Array.Empty<string>()),
        };
        string? ns = null;
        if (rest is ["namespaces", var n, _, ..])
        {
            (ns, rest) = (n, rest[2..]);
        }

        if (rest.Length is 0 or > 3)
        {
            return null;
        }

        lock (_gate)
        {
            if (!_kinds.TryGetValue(rest[0], out var kind) || kind.Group != group || kind.Version != version)
            {
                return null;
            }

            return (kind, kind.Namespaced ? ns : null, rest.Length > 1 ? rest[1] : null, rest.Length > 2 ? rest[2] : null);
        }
    }

    private (int, JsonObject) List(SimulatedKind kind, string? ns, RecordedRequest request)
    {
        var limit = int.TryParse(request["limit"], CultureInfo.InvariantCulture, out var l) && l > 0 ? l : int.MaxValue;
        lock (_gate)
        {
            long version;
            List<JsonObject> items;
            if (request["continue"] is { Length: > 0 } token)
            {
                if (!_continues.Remove(token, out var saved))
                {
                    return (410, StatusObject(410, "Expired", "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter."));
                }

                (version, items) = saved;
            }
            else
            {
                var selector = Selector.Parse(request["labelSelector"]);
                var fields = Selector.Parse(request["fieldSelector"]);
                version = _version;
                items = [.. _objects[kind.Plural].Values.Where(o => (ns is null || (string?)o["metadata"]?["namespace"] == ns)
                    && selector.Matches(o["metadata"]?["labels"] as JsonObject) && fields.MatchesFields(o))];
            }

            var page = items.Take(limit).ToList();
            var metadata = new JsonObject { ["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture) };
            if (items.Count > page.Count)
            {
                var next = Guid.NewGuid().ToString("N");
                _continues[next] = (version, items[page.Count..]);
                metadata["continue"] = next;
            }

            // Built-in kinds leave apiVersion and kind out of list items, as the real server does.
            var builtIn = kind.Group is "" or "discovery.k8s.io" or "coordination.k8s.io";
            var array = new JsonArray();
            foreach (var item in page)
            {
                var copy = item.DeepClone().AsObject();
                if (builtIn)
                {
                    copy.Remove("apiVersion");
                    copy.Remove("kind");
                }

                array.Add(copy);
            }

            return (200, new JsonObject { ["kind"] = kind.Kind + "List", ["apiVersion"] = kind.ApiVersion, ["metadata"] = metadata, ["items"] = array });
        }
    }

    private (int, JsonObject) Read(SimulatedKind kind, string? ns, string name)
    {
        lock (_gate)
        {
            return _objects[kind.Plural].TryGetValue(Key(ns, name), out var obj)
                ? (200, obj.DeepClone().AsObject())
                : (404, StatusObject(404, "NotFound", $"{kind.Plural} \"{name}\" not found"));
        }
    }

    private (int, JsonObject) Create(SimulatedKind kind, string? ns, string body)
    {
        var obj = JsonNode.Parse(body)!.AsObject();
        var metadata = obj["metadata"]!.AsObject();
        metadata["namespace"] = kind.Namespaced ? ns ?? (string?)metadata["namespace"] : null;
        lock (_gate)
        {
            var name = (string)metadata["name"]!;
            if (_objects[kind.Plural].ContainsKey(Key(kind.Namespaced ? ns : null, name)))
            {
                return (409, StatusObject(409, "AlreadyExists", $"{kind.Plural} \"{name}\" already exists"));
            }

            metadata.Remove("resourceVersion");
            return (201, Upsert(kind, obj, keepStatus: false).DeepClone().AsObject());
        }
    }

    private (int, JsonObject) Replace(SimulatedKind kind, string? ns, string name, string body)
    {
        var obj = JsonNode.Parse(body)!.AsObject();
        lock (_gate)
        {
            if (!_objects[kind.Plural].TryGetValue(Key(ns, name), out var current))
            {
                return (404, StatusObject(404, "NotFound", $"{kind.Plural} \"{name}\" not found"));
            }

            var expected = (string?)current["metadata"]!["resourceVersion"];
            if ((string?)obj["metadata"]?["resourceVersion"] != expected)
            {
                return (409, StatusObject(409, "Conflict", $"Operation cannot be fulfilled on {kind.Plural} \"{name}\": the object has been modified; please apply your changes to the latest version and try again"));
            }

            obj["metadata"]!["namespace"] = ns;
            return (200, Upsert(kind, obj, keepStatus: true).DeepClone().AsObject());
        }
    }

    private (int, JsonObject) PatchStatus(SimulatedKind kind, string? ns, string name, RecordedRequest request)
    {
        if (request.ContentType?.StartsWith("application/merge-patch+json", StringComparison.Ordinal) != true)
        {
            return (415, StatusObject(415, "UnsupportedMediaType", $"the body of the request was in an unknown format: {request.ContentType}"));
        }

        var patch = JsonNode.Parse(request.Body)!.AsObject();
        lock (_gate)
        {
            if (!_objects[kind.Plural].TryGetValue(Key(ns, name), out var obj))
            {
                return (404, StatusObject(404, "NotFound", $"{kind.Plural} \"{name}\" not found"));
            }

            // A resourceVersion in the patch is a precondition (optimistic concurrency), as on the real server.
            var expected = (string?)obj["metadata"]!["resourceVersion"];
            if (patch["metadata"]?["resourceVersion"] is JsonValue precondition && (string?)precondition is { Length: > 0 } wanted && wanted != expected)
            {
                return (409, StatusObject(409, "Conflict", $"Operation cannot be fulfilled on {(kind.Group.Length == 0 ? kind.Plural : $"{kind.Plural}.{kind.Group}")} \"{name}\": the object has been modified; please apply your changes to the latest version and try again"));
            }

            // The status subresource takes only status from the patch.
            obj["status"] = MergePatch(obj["status"], patch["status"]);
            var version = ++_version;
            obj["metadata"]!["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture);
            Emit(kind, "MODIFIED", obj, version);
            return (200, obj.DeepClone().AsObject());
        }
    }

    // A Lease's acquireTime and renewTime are MicroTime: the server parses them with Go's layout
    // 2006-01-02T15:04:05.000000Z07:00, which demands exactly six fractional digits.
    private static JsonObject? BadMicroTime(SimulatedKind kind, string body)
    {
        if (kind.Kind != "Lease" || JsonNode.Parse(body)?["spec"] is not JsonObject spec)
        {
            return null;
        }

        foreach (var field in new[] { "acquireTime", "renewTime" })
        {
            if (spec[field] is JsonValue value && (string?)value is { } text
                && !DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ss.ffffffK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                return StatusObject(400, "BadRequest", $"Lease in version \"v1\" cannot be handled as a Lease: parsing time \"{text}\" as \"2006-01-02T15:04:05.000000Z07:00\": cannot parse it as \".000000\"");
            }
        }

        return null;
    }

    // RFC 7386: objects merge key by key, null removes, anything else replaces (lists included).
    private static JsonNode? MergePatch(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject t ? t.DeepClone().AsObject() : new JsonObject();
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                result[key] = MergePatch(result[key], value);
            }
        }

        return result;
    }

    private static JsonObject StatusObject(int code, string reason, string message) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = code,
    };

    private static Task WriteJsonAsync(HttpContext context, JsonObject json)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json.ToJsonString(), context.RequestAborted);
    }
}
