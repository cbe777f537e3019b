using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace XdsControlPlane.Cli;

/// <summary>
/// <c>status</c>: the connected proxies as a table (or <c>--json</c>), from <c>GET /api/v1/proxies</c>, then what
/// connected clients reject, traced to source objects (from <c>GET /api/v1/errors</c>).
/// </summary>
internal sealed class StatusCommand : ICliCommand
{
    private const int ErrorWidth = 60;
    private static readonly string[] s_types = ["LDS", "RDS", "CDS", "EDS", "SDS"];

    /// <inheritdoc />
    public string Name => "status";

    /// <inheritdoc />
    public string Usage => "status [--json] [--profile P] [--status SYNCED|STALE|NOT_SENT|ERROR]   connected proxies and their sync state per type";

    /// <inheritdoc />
    public async Task<int> RunAsync(CliContext context, IReadOnlyList<string> args)
    {
        var json = false;
        var query = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--json":
                    json = true;
                    break;
                case "--profile" or "--status" when i + 1 < args.Count:
                    query.Add($"{args[i][2..]}={Uri.EscapeDataString(args[++i])}");
                    break;
                default:
                    await context.Error.WriteLineAsync($"status: unknown argument '{args[i]}'\nusage: {Usage}");
                    return 2;
            }
        }

        using var response = await context.Http.GetAsync("api/v1/proxies" + (query.Count > 0 ? "?" + string.Join('&', query) : string.Empty));
        if (!response.IsSuccessStatusCode)
        {
            return await context.FailAsync(response);
        }

        var body = await response.Content.ReadAsStringAsync();
        if (json)
        {
            await context.Output.WriteLineAsync(body);
            return 0;
        }

        await context.Output.WriteAsync(Table(JsonNode.Parse(body)!.AsArray()));
        using var errors = await context.Http.GetAsync("api/v1/errors");
        if (errors.IsSuccessStatusCode)
        {
            await context.Output.WriteAsync(Rejections(JsonNode.Parse(await errors.Content.ReadAsStringAsync())!.AsArray()));
        }

        return 0;
    }

    /// <summary>
    /// What connected clients reject, traced to source objects (<c>/api/v1/errors</c> entries with clients): one line
    /// per object field and reason, with the clients (kind, release, count) and the client's message, truncated.
    /// Nothing when no client rejects anything.
    /// </summary>
    internal static string Rejections(JsonArray objects)
    {
        var lines = new List<string[]>();
        foreach (var obj in objects.OfType<JsonObject>())
        {
            var name = $"{obj["kind"]} {((string?)obj["namespace"] is { Length: > 0 } ns ? ns + "/" : "")}{obj["name"]}";
            foreach (var error in obj["errors"]!.AsArray().OfType<JsonObject>().Where(e => e["clients"] is JsonArray))
            {
                var clients = string.Join(", ", error["clients"]!.AsArray().OfType<JsonObject>()
                    .Select(c => $"{c["kind"]}{((string?)c["version"] is { } v ? " " + v : "")} ×{c["count"]}"));
                var rejected = error["rejected"];
                lines.Add([name, (string?)error["field"] ?? "", clients, $"{rejected?["type"]} {rejected?["resource"]}",
                    Truncate(((string?)rejected?["message"] ?? "").ReplaceLineEndings(" "))]);
            }
        }

        if (lines.Count == 0)
        {
            return string.Empty;
        }

        return "\n" + TextTable.Align(["REJECTED OBJECT", "FIELD", "CLIENTS", "RESOURCE", "CLIENT MESSAGE"], lines);
    }

    /// <summary>
    /// One line per proxy: node, profile, client, protocol, then per type its status (S synced, T stale, E error,
    /// - not sent) and the age of the oldest non-synced type, and the last NACK message, truncated.
    /// </summary>
    internal static string Table(JsonArray rows)
    {
        var lines = new List<string[]> { new[] { "NODE", "PROFILE", "CLIENT", "PROTOCOL" }.Concat(s_types).Concat(["AGE", "LAST ERROR"]).ToArray() };
        foreach (var row in rows.OfType<JsonObject>())
        {
            var types = row["types"]!.AsObject();
            var cells = new List<string>
            {
                (string?)row["nodeId"] ?? string.Empty,
                (string?)row["profile"] ?? string.Empty,
                $"{row["client"]?["kind"]} {row["client"]?["version"]}".Trim(),
                $"{row["protocol"]?["variant"]}/{row["protocol"]?["transport"]}",
            };
            cells.AddRange(s_types.Select(t => Letter((string?)types[t]?["status"])));
            var ages = s_types.Select(t => types[t]).Where(t => t is not null && (string?)t["status"] is "STALE" or "ERROR").Select(t => (double?)t!["ageSeconds"] ?? 0).ToArray();
            cells.Add(ages.Length == 0 ? "-" : Age(ages.Max()));
            var error = s_types.Select(t => types[t]?["lastError"]).Where(e => e is not null)
                .OrderByDescending(e => (DateTimeOffset?)e!["at"]).Select(e => (string?)e!["message"]).FirstOrDefault();
            cells.Add(Truncate(error?.ReplaceLineEndings(" ") ?? string.Empty));
            lines.Add([.. cells]);
        }

        var widths = Enumerable.Range(0, lines[0].Length).Select(i => lines.Max(l => l[i].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.AppendJoin("  ", line.Select((cell, i) => i == line.Length - 1 ? cell : cell.PadRight(widths[i]))).Append('\n');
        }

        if (rows.Count == 0)
        {
            text.Append("(no connected proxies)\n");
        }

        text.Append("S synced, T stale (sent, not ACKed), E error (NACKed), - not sent; AGE of the oldest stale or failed type\n");
        return text.ToString();
    }

    private static string Letter(string? status) => status switch
    {
        "SYNCED" => "S",
        "STALE" => "T",
        "ERROR" => "E",
        _ => "-",
    };

    private static string Age(double seconds) =>
        seconds < 120 ? ((int)seconds).ToString(CultureInfo.InvariantCulture) + "s"
        : seconds < 7200 ? ((int)(seconds / 60)).ToString(CultureInfo.InvariantCulture) + "m"
        : ((int)(seconds / 3600)).ToString(CultureInfo.InvariantCulture) + "h";

    private static string Truncate(string text) => text.Length <= ErrorWidth ? text : text[..(ErrorWidth - 1)] + "…";
}
