using System.Text.Json.Nodes;

namespace XdsControlPlane.Cli;

/// <summary><c>pin V</c>: hold every proxy at configuration V; newer ones compile but are not pushed until <c>unpin</c>.</summary>
internal sealed class PinCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "pin";

    /// <inheritdoc />
    public string Usage => "pin VERSION               roll every proxy back to VERSION and hold it there until unpin";

    /// <inheritdoc />
    public async Task<int> RunAsync(CliContext context, IReadOnlyList<string> args)
    {
        if (args.Count != 1)
        {
            await context.Error.WriteLineAsync("usage: " + Usage);
            return 2;
        }

        // The server refuses a change without a JSON content type (a cross-site form cannot send one), so send an empty object.
        using var body = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        using var response = await context.Http.PostAsync($"api/v1/snapshots/{Uri.EscapeDataString(args[0])}/pin", body);
        if (!response.IsSuccessStatusCode)
        {
            return await context.FailAsync(response);
        }

        var pinned = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["pinned"]!;
        await context.Output.WriteLineAsync($"pinned {(string)pinned["version"]!} (generation {(long)pinned["generation"]!}): every proxy is held there until 'unpin'");
        return 0;
    }
}
