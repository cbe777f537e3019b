using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace XdsControlPlane.Benchmarks.Load;

/// <summary>
/// The <c>server</c> mode of this same assembly, run as a child process (<c>dotnet &lt;this dll&gt; server …</c>) so
/// its memory and CPU are measured apart from the load generator's. Commands go one at a time; each reply is the next
/// JSON line on its stdout. The child is always killed on dispose; it also exits by itself when our end of its stdin
/// closes (for example when this process dies).
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<JsonObject> _lines = Channel.CreateUnbounded<JsonObject>();
    private readonly SemaphoreSlim _commandLock = new(1, 1);
    private readonly Task _stdout;
    private readonly Task _stderr;

    private ServerProcess(Process process)
    {
        _process = process;
        _stdout = Task.Run(ReadStdoutAsync);
        _stderr = Task.Run(ForwardStderrAsync);
    }

    /// <summary>The child's process id.</summary>
    public int Id => _process.Id;

    /// <summary>CPU time the child has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            try
            {
                _process.Refresh();
                return _process.TotalProcessorTime;
            }
            catch (InvalidOperationException)
            {
                return TimeSpan.Zero;
            }
        }
    }

    /// <summary>Starts the child with <paramref name="serverArgs"/> and waits for its <c>listening</c> line.</summary>
    public static async Task<(ServerProcess Server, JsonObject Listening)> StartAsync(
        IEnumerable<string> serverArgs, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var dll = typeof(ServerProcess).Assembly.Location;
        var host = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("server");
        foreach (var arg in serverArgs)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the server process");
        var server = new ServerProcess(process);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            var listening = await server.NextAsync(timeout.Token).ConfigureAwait(false);
            if (listening["event"]?.GetValue<string>() != "listening")
            {
                throw new InvalidOperationException($"server said {listening.ToJsonString()} instead of listening");
            }

            return (server, listening);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Sends one command and returns its reply; throws when the reply is an error.</summary>
    public async Task<JsonObject> CommandAsync(string command, CancellationToken cancellationToken)
    {
        await _commandLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await SendAsync(command, cancellationToken).ConfigureAwait(false);
            var reply = await NextAsync(cancellationToken).ConfigureAwait(false);
            if (reply["event"]?.GetValue<string>() == "error")
            {
                throw new InvalidOperationException($"server rejected '{command}': {reply["message"]}");
            }

            return reply;
        }
        finally
        {
            _commandLock.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                // Polite first: "exit" then EOF; the server stops its streams within 10 s.
                try
                {
                    await _process.StandardInput.WriteLineAsync("{\"cmd\":\"exit\"}").ConfigureAwait(false);
                    _process.StandardInput.Close();
                }
                catch (IOException)
                {
                }

                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                try
                {
                    await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }
        finally
        {
            Kill();
            await Task.WhenAny(Task.WhenAll(_stdout, _stderr), Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
            _process.Dispose();
            _commandLock.Dispose();
        }
    }

    /// <summary>Kills the child if it still runs (safe from any thread, e.g. a process-exit handler).</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
        }
    }

    private async Task SendAsync(string command, CancellationToken cancellationToken)
    {
        var line = command.StartsWith('{') ? command : new JsonObject { ["cmd"] = command }.ToJsonString();
        await _process.StandardInput.WriteLineAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
        await _process.StandardInput.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<JsonObject> NextAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _lines.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"the server process ended (exit code {(_process.HasExited ? _process.ExitCode : -1)})");
        }
    }

    private async Task ReadStdoutAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            if (line.StartsWith('{') && JsonNode.Parse(line) is JsonObject reply)
            {
                _lines.Writer.TryWrite(reply);
            }
            else
            {
                await Console.Error.WriteLineAsync("server stdout: " + line).ConfigureAwait(false);
            }
        }

        _lines.Writer.TryComplete();
    }

    private async Task ForwardStderrAsync()
    {
        while (await _process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            await Console.Error.WriteLineAsync("server: " + line).ConfigureAwait(false);
        }
    }
}
