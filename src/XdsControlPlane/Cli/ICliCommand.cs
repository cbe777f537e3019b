namespace XdsControlPlane.Cli;

/// <summary>
/// A subcommand of the server binary that talks to a running server over its diagnostics API
/// (<c>XdsControlPlane status</c>, <c>XdsControlPlane policies get</c>). Implementations are found by reflection,
/// so adding a command is adding a class.
/// </summary>
internal interface ICliCommand
{
    /// <summary>The first word on the command line, e.g. <c>status</c> or <c>policies</c>.</summary>
    string Name { get; }

    /// <summary>One or more usage lines, shown by <c>help</c>.</summary>
    string Usage { get; }

    /// <summary>Runs the command with the arguments after its name (common options already removed).</summary>
    /// <returns>The process exit code: 0 success, 1 the server refused or failed, 2 bad usage.</returns>
    Task<int> RunAsync(CliContext context, IReadOnlyList<string> args);
}
