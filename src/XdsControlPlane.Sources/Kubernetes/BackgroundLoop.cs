namespace XdsControlPlane.Sources.Kubernetes;

/// <summary>
/// One long-running loop with its cancellation: started once, stopped once (cancel, then wait for it to end). Shared by
/// the informers, the status writer and the leader elector.
/// </summary>
internal sealed class BackgroundLoop
{
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private int _stopped;

    /// <summary>Runs <paramref name="body"/> on the thread pool with a token that <see cref="StopAsync"/> cancels.</summary>
    public void Start(Func<CancellationToken, Task> body) => _loop = Task.Run(() => body(_stop.Token));

    /// <summary>Cancels the loop and waits for it to end; false when it was already stopped.</summary>
    public async ValueTask<bool> StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return false;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        _stop.Dispose();
        return true;
    }
}
