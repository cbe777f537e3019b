using System.Text.Json.Nodes;

namespace XdsControlPlane.Cli;

/// <summary>
/// <c>errors</c>: what the sources and the compiler refused or warned about, one line per problem, from
/// <c>GET /api/v1/errors</c>; <c>--warnings</c> includes warnings, <c>--json</c> prints the API's answer.
/// </summary>
internal sealed class ErrorsCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "errors";

    /// <inheritdoc />
    public string Usage => "errors [--warnings] [--json]   invalid objects and fields (file:line for manifests); warnings too with --warnings";

    /// <inheritdoc />
    public async Task<int> RunAsync(CliContext context, IReadOnlyList<string> args)
    {
        var (json, warnings) = (false, false);
        foreach (var arg in args)
        {
            switch (arg)
            {
                case "--json":
                    json = true;
                    break;
                case "--warnings":
                    warnings = true;
                    break;
                default:
                    await context.Error.WriteLineAsync($"errors: unknown argument '{arg}'\nusage: {Usage}");
                    return 2;
            }
        }

        using var response = await context.Http.GetAsync("api/v1/errors");
        if (!response.IsSuccessStatusCode)
        {
            return await context.FailAsync(response);
        }

        var body = await response.Content.ReadAsStringAsync();
        if (json)
        {
            await context.Output.WriteAsync(body + "\n");
            return 0;
        }

        var rows = JsonNode.Parse(body)!.AsArray()
            .SelectMany(o => o!["errors"]!.AsArray().Select(e => (
                Severity: (string)e!["severity"]!,
                Object: $"{(string)o["kind"]!} {Qualified((string)o["namespace"]!, (string)o["name"]!)}",
                Field: (string?)e["field"] is { Length: > 0 } field ? field : "-",
                Message: (string)e["message"]! + ((string?)e["reason"] is { Length: > 0 } reason ? $" ({reason})" : string.Empty))))
            .Where(r => warnings || r.Severity != "Warning")
            .ToArray();
        if (rows.Length == 0)
        {
            // Nothing on stdout, so `errors | wc -l` counts problems; the reassurance goes to stderr.
            await context.Error.WriteLineAsync(warnings ? "no errors or warnings" : "no errors");
            return 0;
        }

        await context.Output.WriteAsync(TextTable.Align(["SEVERITY", "OBJECT", "FIELD", "MESSAGE"],
            rows.Select(r => new[] { r.Severity, r.Object, r.Field, r.Message })));
        return 0;
    }

    private static string Qualified(string ns, string name) => ns.Length == 0 ? name : $"{ns}/{name}";
}
