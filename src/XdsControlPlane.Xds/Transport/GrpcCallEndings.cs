using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace XdsControlPlane.Xds.Transport;

/// <summary>
/// How every call on the xDS port ends when something other than its handler ends it (a server interceptor, so xDS,
/// CSDS, health and reflection calls all end alike):
/// <list type="bullet">
/// <item>the server is shutting down: UNAVAILABLE, so clients reconnect elsewhere; also for streams whose handler
/// returned because of it (a health Watch);</item>
/// <item>the client reset the stream or dropped the connection: CANCELLED, logged at debug without a stack trace,
/// whether the handler failed on it or returned because the request stream ended (<see cref="GuardedRequestBody"/>).
/// Transport failures can reach the handler before Kestrel reports the abort, so transport exceptions count as the
/// client's doing whatever the cancellation tokens say yet: never an UNKNOWN status or an error log;</item>
/// <item>the deadline passed: DEADLINE_EXCEEDED (the library has already sent it).</item>
/// </list>
/// Any other exception is a server fault and is left to the library (error log, UNKNOWN).
/// </summary>
public sealed partial class GrpcCallEndings(ILogger<GrpcCallEndings> logger) : Interceptor
{
    /// <inheritdoc />
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (Exception e) when (Ending(e, context) is { } ending)
        {
            throw ending;
        }
    }

    /// <inheritdoc />
    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context).ConfigureAwait(false);
        }
        catch (Exception e) when (Ending(e, context) is { } ending)
        {
            throw ending;
        }
    }

    /// <inheritdoc />
    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception e) when (Ending(e, context) is { } ending)
        {
            throw ending;
        }

        ThrowIfEndedFromOutside(context);
    }

    /// <inheritdoc />
    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception e) when (Ending(e, context) is { } ending)
        {
            throw ending;
        }

        ThrowIfEndedFromOutside(context);
    }

    private static readonly Grpc.Core.Status s_shuttingDown = new(StatusCode.Unavailable, "server is shutting down");
    private static readonly Grpc.Core.Status s_cancelled = new(StatusCode.Cancelled, "call cancelled by the client");
    private static readonly Grpc.Core.Status s_deadline = new(StatusCode.DeadlineExceeded, "Deadline Exceeded");

    /// <summary>The status a call ends with when <paramref name="e"/> is how it was ended from outside; null otherwise.</summary>
    private RpcException? Ending(Exception e, ServerCallContext context)
    {
        if (e is RpcException)
        {
            return null;
        }

        var lifetime = GrpcCallLifetime.Of(context);
        var cancelled = context.CancellationToken.IsCancellationRequested;
        // Transport failures and cancellations; "request is complete" (InvalidOperationException) and disposed objects
        // only when the call was cancelled, since without that they would be the server's own bug.
        if (!(e is OperationCanceledException or IOException
              || (e is InvalidOperationException or ObjectDisposedException && cancelled)))
        {
            return null;
        }

        if (lifetime?.ShuttingDown == true)
        {
            return new RpcException(s_shuttingDown);
        }

        // Before the client check: when the deadline passes, the library sends DEADLINE_EXCEEDED and then resets the
        // stream, which looks like the client leaving.
        if (cancelled && context.Deadline <= DateTime.UtcNow)
        {
            return new RpcException(s_deadline);
        }

        LogEndedByClient(logger, context.Method, lifetime?.Peer ?? context.Peer, lifetime?.BodyFailure ?? Reason(e));
        return new RpcException(s_cancelled);
    }

    /// <summary>
    /// After a stream's handler returned: because the server is shutting down (a health Watch ends when its token is
    /// cancelled), or because the client's request stream broke off (the body then just ends).
    /// </summary>
    private void ThrowIfEndedFromOutside(ServerCallContext context)
    {
        if (GrpcCallLifetime.Of(context) is not { } lifetime)
        {
            return;
        }

        if (lifetime.ShuttingDown)
        {
            throw new RpcException(s_shuttingDown);
        }

        if (lifetime.ClientGone)
        {
            LogEndedByClient(logger, context.Method, lifetime.Peer, lifetime.BodyFailure ?? "the request was aborted");
            throw new RpcException(s_cancelled);
        }
    }

    /// <summary>The innermost message: the transport's own words ("The client reset the request stream.").</summary>
    private static string Reason(Exception e)
    {
        while (e.InnerException is { } inner)
        {
            e = inner;
        }

        return $"{e.GetType().Name}: {e.Message}";
    }
}
