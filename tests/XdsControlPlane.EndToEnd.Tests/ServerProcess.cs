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
    private bool _ownsData;

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

    /// <summary>Directory the server keeps its state in (policy database, pin); a fresh temporary one unless given.</summary>
    public string DataDirectory { get; private set; } = null!;

    /// <summary>
    /// Starts the server binary on <paramref name="manifests"/> with ports chosen by the system.
    /// <paramref name="dataDirectory"/>: reuse a state directory (to test restarts); otherwise a fresh one, deleted on dispose.
    /// </summary>
    public static Task<ServerProcess> StartAsync(string manifests, TimeSpan timeout, string? dataDirectory = null, params string[] extraArgs) =>
        StartAsync(["--manifests", manifests, .. extraArgs], timeout, dataDirectory);

    /// <summary>Starts the server with <paramref name="args"/> (plus free ports and a data directory) and waits until it reports its ports.</summary>
    public static async Task<ServerProcess> StartAsync(IEnumerable<string> args, TimeSpan timeout, string? dataDirectory = null)
    {
        var ownsData = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("xds-data-").FullName;
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "XdsControlPlane.dll") }.Concat(args).Concat(["--xds-port", "0", "--admin-port", "0", "--data-dir", dataDirectory]))
        {
            info.ArgumentList.Add(arg);
        }

        var server = new ServerProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start the server"))
        {
            DataDirectory = dataDirectory,
            _ownsData = ownsData,
        };
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
        if (_ownsData && Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
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
