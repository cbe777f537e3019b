using System.Diagnostics;
using System.Text.RegularExpressions;

namespace XdsControlPlane.EndToEnd.Tests;

/// <summary>
/// The real server binary (<c>XdsControlPlane.dll</c>, built with this project) as a child process on free
/// loopback ports, found by reading its start-up log.
/// </summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _log = [];
    private readonly TaskCompletionSource<(int Xds, int Admin)> _ports = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int? _xds;

    private ServerProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int XdsPort { get; private set; }

    public Uri Admin { get; private set; } = null!;

    public string LogTail
    {
        get
        {
            lock (_log)
            {
                return string.Join('\n', _log.TakeLast(40));
            }
        }
    }

    public static Task<ServerProcess> StartAsync(string manifests, TimeSpan timeout) => StartAsync(["--manifests", manifests], timeout);

    /// <summary>Starts the server with <paramref name="args"/> (plus free ports) and waits until it reports its ports.</summary>
    public static async Task<ServerProcess> StartAsync(IEnumerable<string> args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "XdsControlPlane.dll") }.Concat(args).Concat(["--xds-port", "0", "--admin-port", "0"]))
        {
            info.ArgumentList.Add(arg);
        }

        var server = new ServerProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start the server"));
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            var (xds, admin) = await server._ports.Task.WaitAsync(cts.Token);
            server.XdsPort = xds;
            server.Admin = new Uri($"http://127.0.0.1:{admin}/");
        }
        catch (OperationCanceledException)
        {
            var tail = server.LogTail;
            await server.DisposeAsync();
            throw new TimeoutException($"the server did not report its ports within {timeout}; log:\n{tail}");
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.Add(line);
        }

        if (XdsLine().Match(line) is { Success: true } xds)
        {
            _xds = int.Parse(xds.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        }
        else if (AdminLine().Match(line) is { Success: true } admin && _xds is { } xdsPort)
        {
            _ports.TrySetResult((xdsPort, int.Parse(admin.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    [GeneratedRegex(@"xDS \(gRPC, h2c\) listening on 127\.0\.0\.1:(\d+)")]
    private static partial Regex XdsLine();

    [GeneratedRegex(@"diagnostics listening on http://127\.0\.0\.1:(\d+)")]
    private static partial Regex AdminLine();
}
