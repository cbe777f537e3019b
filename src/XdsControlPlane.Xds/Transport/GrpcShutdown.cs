namespace XdsControlPlane.Xds.Transport;

/// <summary>
/// Signals every open call that the server is stopping, so streams end with UNAVAILABLE and clients reconnect
/// elsewhere instead of waiting for the host's shutdown timeout.
/// </summary>
public sealed class GrpcShutdown : IDisposable
{
    private readonly CancellationTokenSource _source = new();

    /// <summary>Cancelled when shutdown begins.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>Ends all calls.</summary>
    public void Begin() => _source.Cancel();

    /// <inheritdoc />
    public void Dispose() => _source.Dispose();
}
