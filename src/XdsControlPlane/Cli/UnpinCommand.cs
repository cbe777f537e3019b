namespace XdsControlPlane.Cli;

/// <summary><c>unpin</c>: release the pin; proxies move to the newest configuration.</summary>
internal sealed class UnpinCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "unpin";

    /// <inheritdoc />
    public string Usage => "unpin                     release the pin; proxies get the newest configuration";

    /// <inheritdoc />
    public async Task<int> RunAsync(CliContext context, IReadOnlyList<string> args)
    {
        if (args.Count != 0)
        {
            await context.Error.WriteLineAsync("usage: " + Usage);
            return 2;
        }

        using var response = await context.Http.DeleteAsync("api/v1/snapshots/pin");
        if (!response.IsSuccessStatusCode)
        {
            return await context.FailAsync(response);
        }

        await context.Output.WriteLineAsync("unpinned: proxies get the newest configuration");
        return 0;
    }
}
