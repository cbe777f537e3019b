using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace XdsControlPlane.Xds.Transport;

/// <summary>
/// Why a call may end before its handler does: the client went away (Kestrel aborted the request, or its request body
/// failed because the client reset the stream or dropped the connection) or the server is shutting down. One per call,
/// set by <see cref="GrpcCallMiddleware"/>; its <see cref="Token"/> is the request's <c>RequestAborted</c>, so
/// Grpc.AspNetCore's <c>ServerCallContext.CancellationToken</c> (and every handler) sees all three causes.
/// </summary>
public sealed class GrpcCallLifetime : IDisposable
{
    private readonly CancellationToken _aborted;
    private readonly CancellationToken _shutdown;
    private readonly CancellationTokenSource _source;
    private int _bodyFailed;

    /// <summary>Links <paramref name="aborted"/> (Kestrel's <c>RequestAborted</c>) and <paramref name="shutdown"/>.</summary>
    public GrpcCallLifetime(CancellationToken aborted, CancellationToken shutdown, string peer)
    {
        Peer = peer;
        _aborted = aborted;
        _shutdown = shutdown;
        _source = CancellationTokenSource.CreateLinkedTokenSource(aborted, shutdown);
    }

    /// <summary>The remote endpoint (<c>address:port</c>), for logs and diagnostics.</summary>
    public string Peer { get; }

    /// <summary>Cancelled when the client went away or the server began shutting down.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>The server began shutting down: calls end with UNAVAILABLE so clients reconnect elsewhere.</summary>
    public bool ShuttingDown => _shutdown.IsCancellationRequested;

    /// <summary>
    /// The client reset the stream or the connection is gone. Kestrel fails the request body at once but cancels
    /// <c>RequestAborted</c> later, on the thread pool; the body failure is recorded here so that nothing reads the gap
    /// between the two as a server error.
    /// </summary>
    public bool ClientGone => Volatile.Read(ref _bodyFailed) != 0 || _aborted.IsCancellationRequested;

    /// <summary>Why the request body failed (the transport's innermost words), once it did.</summary>
    public string? BodyFailure { get; private set; }

    /// <summary>Records that reading the request body failed (see <see cref="ClientGone"/>) and cancels the call.</summary>
    internal void RequestBodyFailed(Exception failure)
    {
        while (failure.InnerException is { } inner)
        {
            failure = inner;
        }

        BodyFailure = $"{failure.GetType().Name}: {failure.Message}";
        Volatile.Write(ref _bodyFailed, 1);
        try
        {
            _source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The call is over already; nothing is left to cancel.
        }
    }

    /// <summary>The lifetime of the call <paramref name="context"/> belongs to; null outside <see cref="GrpcCallMiddleware"/>.</summary>
    public static GrpcCallLifetime? Of(ServerCallContext context) =>
        (context.GetHttpContext().Features.Get<IRequestBodyPipeFeature>() as GuardedRequestBody)?.Lifetime;

    /// <inheritdoc />
    public void Dispose() => _source.Dispose();
}
