using System.Text.Json.Nodes;

namespace XdsControlPlane.EndToEnd.Tests;

/// <summary>
/// One real proxyless client process of the client matrix (grpc-js-xds on Node, or gRPC C-core from Debian's
/// python3-grpcio), one node id, dialing any target. Its commands run one after another (the process answers in
/// order); the matrix runs the two clients side by side.
/// </summary>
internal sealed class MatrixClient : IAsyncDisposable
{
    private readonly NodeProcess _process;
    private readonly SemaphoreSlim _turn = new(1, 1);

    private MatrixClient(string kind, string nodeId, NodeProcess process)
    {
        Kind = kind;
        NodeId = nodeId;
        _process = process;
    }

    /// <summary><c>grpc-js</c> or <c>grpc-core</c>.</summary>
    public string Kind { get; }

    /// <summary>The node id it connects with.</summary>
    public string NodeId { get; }

    /// <summary>What the client printed on stderr last (for failure messages).</summary>
    public string StderrTail => _process.StderrTail;

    /// <summary>Starts a client of <paramref name="kind"/> against the xDS server on <paramref name="xdsPort"/>, ready for commands.</summary>
    public static async Task<MatrixClient> StartAsync(string kind, int xdsPort, string firstTarget, TimeSpan timeout)
    {
        var nodeId = $"matrix-{kind}";
        string[] args = ["--xds-server", $"127.0.0.1:{xdsPort}", "--node-id", nodeId, "--target", firstTarget];
        var process = kind == "grpc-core" ? NodeProcess.StartPython("xds_client.py", null, args) : NodeProcess.Start("xds-client.js", null, args);
        var client = new MatrixClient(kind, nodeId, process);
        try
        {
            await process.ReadEventAsync("ready", timeout);
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }

        return client;
    }

    /// <summary><paramref name="count"/> calls to <paramref name="target"/>: <c>{ok, failed, byBackend, errors}</c>.</summary>
    public Task<JsonObject> CallAsync(string target, int count, int deadlineMs = 3000, Dictionary<string, string>? metadata = null, string? uniqueName = null, int pauseMs = 0) =>
        AskAsync(new { cmd = "call", target, count, deadlineMs, metadata = metadata ?? [], name = uniqueName ?? "e2e", uniqueNames = uniqueName is not null, pauseMs }, "result");

    /// <summary>Calls <paramref name="target"/> until one call succeeds (the client has its whole configuration) or the time is up.</summary>
    public Task<JsonObject> WaitOkAsync(string target, TimeSpan timeout, Dictionary<string, string>? metadata = null) =>
        AskAsync(new { cmd = "waitOk", target, timeoutMs = (int)timeout.TotalMilliseconds, metadata = metadata ?? [] }, "waitOk");

    private async Task<JsonObject> AskAsync(object command, string answer)
    {
        await _turn.WaitAsync();
        try
        {
            return await _process.AskAsync(command, answer, TimeSpan.FromMinutes(2));
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _turn.Dispose();
    }
}
