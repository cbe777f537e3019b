using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace XdsControlPlane.EndToEnd.Tests;

/// <summary>
/// A Node.js helper from <c>node/</c> (or the C-core client from <c>python/</c>) driven by JSON lines on stdin/stdout.
/// Its stdin stays open for its whole life; closing it (or disposing this) makes the script exit, so no helper
/// outlives a test.
/// </summary>
internal sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _stderr = [];

    private NodeProcess(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.Add(e.Data);
                }
            }
        };
        _process.BeginErrorReadLine();
    }

    /// <summary>The repository root (where protos/ and tests/ are).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The last lines the script wrote to stderr (for failure messages).</summary>
    public string StderrTail
    {
        get
        {
            lock (_stderr)
            {
                return string.Join('\n', _stderr.TakeLast(30));
            }
        }
    }

    /// <summary>The Python that sees Debian's python3-grpcio (gRPC C-core); a pyenv python on PATH does not.</summary>
    public const string SystemPython = "/usr/bin/python3";

    /// <summary>Starts <c>node node/&lt;script&gt; args…</c>.</summary>
    public static NodeProcess Start(string script, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        Start("node", "node", script, environment, args);

    /// <summary>Starts <c>/usr/bin/python3 python/&lt;script&gt; args…</c> (the gRPC C-core client).</summary>
    public static NodeProcess StartPython(string script, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        Start(SystemPython, "python", script, environment, args);

    private static NodeProcess Start(string executable, string folder, string script, IReadOnlyDictionary<string, string>? environment, string[] args)
    {
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.Combine(RepositoryRoot, "tests", "XdsControlPlane.EndToEnd.Tests", folder),
        };
        info.ArgumentList.Add(script);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return new NodeProcess(Process.Start(info) ?? throw new InvalidOperationException($"could not start {executable} {script}"));
    }

    /// <summary>Sends one command object.</summary>
    public async Task SendAsync(object command)
    {
        await _process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(command)).ConfigureAwait(false);
        await _process.StandardInput.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Reads the next JSON line whose <c>event</c> is <paramref name="eventName"/>; fails naming it on timeout.</summary>
    public async Task<JsonObject> ReadEventAsync(string eventName, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            string? line;
            try
            {
                line = await _process.StandardOutput.ReadLineAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no '{eventName}' event within {timeout}; stderr:\n{StderrTail}");
            }

            if (line is null)
            {
                throw new InvalidOperationException($"node exited before '{eventName}'; stderr:\n{StderrTail}");
            }

            if (JsonNode.Parse(line) is JsonObject json && (string?)json["event"] == eventName)
            {
                return json;
            }
        }
    }

    /// <summary>Sends a command and reads its answer.</summary>
    public async Task<JsonObject> AskAsync(object command, string answerEvent, TimeSpan timeout)
    {
        await SendAsync(command).ConfigureAwait(false);
        return await ReadEventAsync(answerEvent, timeout).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
            _process.Kill(entireProcessTree: true);
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "XdsControlPlane.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root (XdsControlPlane.sln) not found above " + AppContext.BaseDirectory);
    }
}
