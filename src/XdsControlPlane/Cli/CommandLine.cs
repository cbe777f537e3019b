using System.Net.Http;
using System.Reflection;

namespace XdsControlPlane.Cli;

/// <summary>
/// Dispatches <c>XdsControlPlane &lt;command&gt; [--server URL] [--token T] ...</c> to an <see cref="ICliCommand"/>.
/// Anything else on the command line (no arguments, or options such as <c>--manifests</c>) runs the server.
/// </summary>
internal static class CommandLine
{
    /// <summary>Default diagnostics address of a local server.</summary>
    public const string DefaultServer = "http://127.0.0.1:18080/";

    /// <summary>All commands in this assembly, by name.</summary>
    public static IReadOnlyDictionary<string, ICliCommand> Commands { get; } = typeof(CommandLine).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICliCommand).IsAssignableFrom(t))
        .Select(t => (ICliCommand)Activator.CreateInstance(t, nonPublic: true)!)
        .ToDictionary(c => c.Name, StringComparer.Ordinal);

    /// <summary>True when <paramref name="args"/> name a subcommand (or <c>help</c>) rather than server options.</summary>
    public static bool IsCommand(string[] args) => args.Length > 0 && (Commands.ContainsKey(args[0]) || args[0] is "help" or "--help" or "-h");

    /// <summary>
    /// Runs the subcommand in <paramref name="args"/>. <c>--server</c> (or <c>XDS_SERVER</c>) picks the server,
    /// <c>--token</c> (or <c>XDS_ADMIN_TOKEN</c>) the bearer token.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, HttpMessageHandler? handler = null)
    {
        if (args.Length == 0 || !Commands.TryGetValue(args[0], out var command))
        {
            await output.WriteLineAsync(Help());
            return args.Length > 0 && args[0] is "help" or "--help" or "-h" ? 0 : 2;
        }

        var server = Environment.GetEnvironmentVariable("XDS_SERVER") ?? DefaultServer;
        var token = Environment.GetEnvironmentVariable("XDS_ADMIN_TOKEN");
        var rest = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--server" when i + 1 < args.Length:
                    server = args[++i];
                    break;
                case "--token" when i + 1 < args.Length:
                    token = args[++i];
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        if (!Uri.TryCreate(server.EndsWith('/') ? server : server + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            await error.WriteLineAsync($"--server: '{server}' is not an http(s) URL");
            return 2;
        }

        using var context = new CliContext(uri, token, output, error, handler);
        try
        {
            return await command.RunAsync(context, rest);
        }
        catch (HttpRequestException e)
        {
            await error.WriteLineAsync($"cannot reach the server at {uri}: {e.Message}");
            return 1;
        }
    }

    private static string Help() =>
        "usage: XdsControlPlane [server options]        run the server (see README)\n" +
        "       XdsControlPlane <command> [--server URL] [--token TOKEN] ...\n\ncommands:\n" +
        string.Join('\n', Commands.Values.OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => "  " + c.Usage.Replace("\n", "\n  ", StringComparison.Ordinal)));
}
