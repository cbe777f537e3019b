using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using XdsControlPlane.Policies;
using XdsControlPlane.Sources.Policies;

namespace XdsControlPlane.Cli;

/// <summary><c>policies apply|get|delete|history</c>: manage the policy store of a running server through its REST API.</summary>
internal sealed class PoliciesCommand : ICliCommand
{
    private const string Base = "api/v1/policies";

    /// <inheritdoc />
    public string Name => "policies";

    /// <inheritdoc />
    public string Usage =>
        "policies apply -f FILE [-f FILE...] [--actor NAME]   create or replace every XdsPolicy in FILE (YAML or JSON; - reads stdin)\n" +
        "policies get [NAMESPACE/NAME] [-o table|json|yaml] [--kind SECTION] [--target KIND/NAMESPACE/NAME]\n" +
        "policies delete NAMESPACE/NAME [--revision N] [--actor NAME]\n" +
        "policies history NAMESPACE/NAME";

    /// <inheritdoc />
    public async Task<int> RunAsync(CliContext context, IReadOnlyList<string> args)
    {
        var (verb, positional, options) = Parse(args);
        return verb switch
        {
            "apply" when options.Contains("-f") => await ApplyAsync(context, options),
            "get" when positional.Count <= 1 => await GetAsync(context, positional.FirstOrDefault(), options),
            "delete" when positional.Count == 1 => await DeleteAsync(context, positional[0], options),
            "history" when positional.Count == 1 => await HistoryAsync(context, positional[0]),
            _ => await BadUsageAsync(context),
        };
    }

    private async Task<int> BadUsageAsync(CliContext context)
    {
        await context.Error.WriteLineAsync("usage:\n  " + Usage.Replace("\n", "\n  ", StringComparison.Ordinal));
        return 2;
    }

    private static async Task<int> ApplyAsync(CliContext context, ILookup<string, string> options)
    {
        var actor = options["--actor"].LastOrDefault() ?? Environment.UserName;
        var failed = false;
        foreach (var file in options["-f"])
        {
            IReadOnlyList<string> objects;
            try
            {
                var text = file == "-" ? await Console.In.ReadToEndAsync() : await File.ReadAllTextAsync(file);
                objects = PolicyFiles.ReadObjects(text, file.EndsWith(".json", StringComparison.OrdinalIgnoreCase));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                await context.Error.WriteLineAsync($"{file}: {e.Message}");
                failed = true;
                continue;
            }

            foreach (var json in objects)
            {
                failed |= !await ApplyOneAsync(context, json, actor);
            }
        }

        return failed ? 1 : 0;
    }

    private static async Task<bool> ApplyOneAsync(CliContext context, string json, string actor)
    {
        var metadata = JsonNode.Parse(json)?["metadata"] as JsonObject;
        var ns = (string?)metadata?["namespace"] ?? "default";
        var name = (string?)metadata?["name"] ?? "";
        using var current = name.Length == 0 ? null : await context.Http.GetAsync(PathOf(ns, name));
        HttpResponseMessage response;
        if (current is null || current.StatusCode == HttpStatusCode.NotFound)
        {
            response = await context.Http.SendAsync(Request(HttpMethod.Post, Base, actor, json));
        }
        else if (current.IsSuccessStatusCode)
        {
            var put = Request(HttpMethod.Put, PathOf(ns, name), actor, json);
            put.Headers.IfMatch.Add(current.Headers.ETag!);
            response = await context.Http.SendAsync(put);
        }
        else
        {
            await context.FailAsync(current);
            return false;
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                await ReportAsync(context, response, $"{ns}/{name}");
                return false;
            }

            var stored = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            var revision = (long)stored["metadata"]!["revision"]!;
            var previous = current is { IsSuccessStatusCode: true } ? PolicyResources.Revision(current.Headers.ETag?.Tag) : null;
            var what = response.StatusCode == HttpStatusCode.Created ? "created" : previous == revision ? "unchanged" : "configured";
            await context.Output.WriteLineAsync($"xdspolicy {stored["metadata"]!["namespace"]}/{stored["metadata"]!["name"]} {what} (revision {revision})");
            return true;
        }
    }

    private static async Task<int> GetAsync(CliContext context, string? id, ILookup<string, string> options)
    {
        var format = options["-o"].LastOrDefault() ?? "table";
        if (format is not ("table" or "json" or "yaml"))
        {
            await context.Error.WriteLineAsync($"-o: '{format}' is not one of table, json, yaml");
            return 2;
        }

        string path;
        if (id is not null)
        {
            if (Split(id) is not var (ns, name))
            {
                return await BadIdAsync(context, id);
            }

            path = PathOf(ns, name);
        }
        else
        {
            var query = new List<string>();
            if (options["--kind"].LastOrDefault() is { } kind)
            {
                query.Add("kind=" + Uri.EscapeDataString(kind));
            }

            if (options["--target"].LastOrDefault() is { } target)
            {
                var parts = target.Split('/');
                string[] keys = parts.Length switch { 1 => ["targetKind"], 2 => ["targetKind", "targetName"], _ => ["targetKind", "targetNamespace", "targetName"] };
                query.AddRange(keys.Zip(parts).Select(p => $"{p.First}={Uri.EscapeDataString(p.Second)}"));
            }

            path = query.Count == 0 ? Base : $"{Base}?{string.Join('&', query)}";
        }

        using var response = await context.Http.GetAsync(path);
        if (!response.IsSuccessStatusCode)
        {
            return await context.FailAsync(response);
        }

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        if (format == "table" && body["items"] is JsonArray { Count: 0 })
        {
            // A bare header would read as a broken listing; say so on stderr, as kubectl does, and leave stdout empty.
            await context.Error.WriteLineAsync(path == Base ? "no policies" : "no policies match");
            return 0;
        }

        await context.Output.WriteAsync(format switch
        {
            "json" => body.ToJsonString(PolicyOutput.Indented) + "\n",
            "yaml" => PolicyOutput.Yaml(body),
            _ => PolicyOutput.Table(body["items"] is JsonArray items ? [.. items.OfType<JsonObject>()] : [body.AsObject()]),
        });
        return 0;
    }

    private static async Task<int> DeleteAsync(CliContext context, string id, ILookup<string, string> options)
    {
        if (Split(id) is not var (ns, name))
        {
            return await BadIdAsync(context, id);
        }

        using var request = Request(HttpMethod.Delete, PathOf(ns, name), options["--actor"].LastOrDefault() ?? Environment.UserName, body: null);
        if (options["--revision"].LastOrDefault() is { } revision)
        {
            request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{revision}\""));
        }

        using var response = await context.Http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            return await context.FailAsync(response);
        }

        await context.Output.WriteLineAsync($"xdspolicy {ns}/{name} deleted");
        return 0;
    }

    private static async Task<int> HistoryAsync(CliContext context, string id)
    {
        if (Split(id) is not var (ns, name))
        {
            return await BadIdAsync(context, id);
        }

        using var response = await context.Http.GetAsync(PathOf(ns, name) + "/history");
        if (!response.IsSuccessStatusCode)
        {
            return await context.FailAsync(response);
        }

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        await context.Output.WriteAsync(PolicyOutput.History(body["changes"]!.AsArray()));
        return 0;
    }

    private static async Task ReportAsync(CliContext context, HttpResponseMessage response, string id)
    {
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length > 0 && text[0] == '{' ? JsonNode.Parse(text) : null;
        var message = new StringBuilder($"xdspolicy {id}: {(int)response.StatusCode} {(string?)body?["error"] ?? text}");
        foreach (var field in body?["fields"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            var path = (string?)field["field"] is { Length: > 0 } f ? f + ": " : "";
            message.Append($"\n  {path}{field["message"]}");
        }

        await context.Error.WriteLineAsync(message.ToString());
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string actor, string? body)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add(PolicyEndpoints.ActorHeader, actor);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        }

        return request;
    }

    private static string PathOf(string ns, string name) => $"{Base}/{Uri.EscapeDataString(ns)}/{Uri.EscapeDataString(name)}";

    private static (string Namespace, string Name)? Split(string id) =>
        id.Split('/') is [var ns, var name] && ns.Length > 0 && name.Length > 0 ? (ns, name) : null;

    private static async Task<int> BadIdAsync(CliContext context, string id)
    {
        await context.Error.WriteLineAsync($"'{id}' is not NAMESPACE/NAME");
        return 2;
    }

    // Options that take a value (-f FILE, -o FORMAT, ...); everything else after the verb is positional.
    private static (string? Verb, List<string> Positional, ILookup<string, string> Options) Parse(IReadOnlyList<string> args)
    {
        string[] valued = ["-f", "--filename", "-o", "--output", "--kind", "--target", "--revision", "--actor"];
        var positional = new List<string>();
        var options = new List<(string Key, string Value)>();
        for (var i = 1; i < args.Count; i++)
        {
            if (valued.Contains(args[i]) && i + 1 < args.Count)
            {
                var key = args[i] switch { "--filename" => "-f", "--output" => "-o", var k => k };
                options.Add((key, args[++i]));
            }
            else
            {
                positional.Add(args[i]);
            }
        }

        return (args.Count > 0 ? args[0] : null, positional, options.ToLookup(o => o.Key, o => o.Value));
    }
}
