using System.Globalization;
using System.Text.Json.Nodes;

namespace XdsControlPlane.Cli;

/// <summary><c>snapshots [--limit N]</c>: the configuration history as a table, newest first.</summary>
internal sealed class SnapshotsCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "snapshots";

    /// <inheritdoc />
    public string Usage => "snapshots [--limit N]     configuration history, newest first (* served now, P pinned)";

    /// <inheritdoc />
    public async Task<int> RunAsync(CliContext context, IReadOnlyList<string> args)
    {
        var limit = 20;
        if (args.Count == 2 && args[0] == "--limit" && int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            limit = n;
        }
        else if (args.Count != 0)
        {
            await context.Error.WriteLineAsync("usage: " + Usage);
            return 2;
        }

        using var response = await context.Http.GetAsync($"api/v1/snapshots?limit={limit}");
        if (!response.IsSuccessStatusCode)
        {
            return await context.FailAsync(response);
        }

        var page = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        await context.Output.WriteLineAsync($"{"",-2} {"VERSION",-16} {"GEN",6}  {"CREATED (UTC)",-19}  {"LDS",4} {"RDS",4} {"CDS",5} {"EDS",5} {"SDS",4}  CAUSES");
        foreach (var item in page["items"]!.AsArray())
        {
            var marker = $"{((bool)item!["current"]! ? "*" : " ")}{((bool)item["pinned"]! ? "P" : " ")}";
            var created = ((DateTimeOffset)item["createdAt"]!).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            var counts = item["counts"]!;
            await context.Output.WriteLineAsync(
                $"{marker} {(string)item["version"]!,-16} {(long)item["generation"]!,6}  {created,-19}  {(int)counts["LDS"]!,4} {(int)counts["RDS"]!,4} {(int)counts["CDS"]!,5} {(int)counts["EDS"]!,5} {(int)counts["SDS"]!,4}  {Causes(item)}");
        }

        if (page["next"] is { } next)
        {
            await context.Output.WriteLineAsync($"(more: GET /api/v1/snapshots?before={(string)next!})");
        }

        return 0;
    }

    /// <summary>The first few causes (<c>~Service default/echo</c>) and how many more there are.</summary>
    private static string Causes(JsonNode item)
    {
        const int Shown = 3;
        var causes = item["causes"]!.AsArray();
        var total = (int?)item["causeCount"] ?? causes.Count;
        var text = string.Join(", ", causes.Take(Shown).Select(c =>
        {
            var sign = (string)c!["change"]! switch { "added" => "+", "removed" => "-", _ => "~" };
            var ns = (string)c["namespace"]!;
            return $"{sign}{(string)c["kind"]!} {(ns.Length == 0 ? string.Empty : ns + "/")}{(string)c["name"]!}";
        }));
        return total > Shown ? $"{text} (+{total - Shown} more)" : total == 0 ? "-" : text;
    }
}
