using System.Text.Json.Nodes;

namespace XdsControlPlane.Cli;

/// <summary><c>diff A B</c>: what changed from configuration A to B, per profile and type, with field paths.</summary>
internal sealed class DiffCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "diff";

    /// <inheritdoc />
    public string Usage => "diff A B                  resources added (+), removed (-) and changed (~, with fields) from version A to B ('current' works)";

    /// <inheritdoc />
    public async Task<int> RunAsync(CliContext context, IReadOnlyList<string> args)
    {
        if (args.Count != 2)
        {
            await context.Error.WriteLineAsync("usage: " + Usage);
            return 2;
        }

        using var response = await context.Http.GetAsync($"api/v1/snapshots/{Uri.EscapeDataString(args[0])}/diff/{Uri.EscapeDataString(args[1])}");
        if (!response.IsSuccessStatusCode)
        {
            return await context.FailAsync(response);
        }

        var diff = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var output = context.Output;
        await output.WriteLineAsync($"{(string)diff["from"]!} -> {(string)diff["to"]!}");
        var profiles = diff["profiles"]!.AsObject();
        if (profiles.Count == 0)
        {
            await output.WriteLineAsync("no differences");
        }

        foreach (var (profile, types) in profiles)
        {
            await output.WriteLineAsync($"profile {profile}");
            foreach (var (type, change) in types!.AsObject())
            {
                await output.WriteLineAsync($"  {type}");
                foreach (var name in change!["added"]!.AsArray())
                {
                    await output.WriteLineAsync($"    + {(string)name!}");
                }

                foreach (var name in change["removed"]!.AsArray())
                {
                    await output.WriteLineAsync($"    - {(string)name!}");
                }

                foreach (var changed in change["changed"]!.AsArray())
                {
                    await output.WriteLineAsync($"    ~ {(string)changed!["name"]!} ({(string)changed["fromVersion"]!} -> {(string)changed["toVersion"]!})");
                    foreach (var field in changed["fields"]!.AsArray())
                    {
                        await output.WriteLineAsync($"        {Field(field!)}");
                    }
                }
            }
        }

        return 0;
    }

    private static string Field(JsonNode field)
    {
        var path = (string)field["path"]!;
        return (string)field["op"]! switch
        {
            "added" => $"+ {path}: {Json(field["to"])}",
            "removed" => $"- {path}: {Json(field["from"])}",
            _ => $"~ {path}: {Json(field["from"])} -> {Json(field["to"])}",
        };
    }

    private static string Json(JsonNode? value)
    {
        var text = value?.ToJsonString() ?? "null";
        return text.Length > 120 ? text[..117] + "..." : text;
    }
}
