using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http.Features;

namespace XdsControlPlane.Xds.Transport;

/// <summary>
/// The request body as Grpc.AspNetCore reads it. When Kestrel's reader fails (the client reset the stream:
/// <c>IOException</c>; the connection dropped: <c>ConnectionAbortedException</c>), the call is marked as ended by the
/// client (<see cref="GrpcCallLifetime.ClientGone"/>, which cancels it) and the body simply ends: no request will come
/// any more, which is all a reader needs to know. The library would log the failure as "error reading message" with a
/// stack trace (it excuses only cancellations it can see on its own token, and Kestrel reports an abort on that token
/// later, from the thread pool); <see cref="GrpcCallEndings"/> ends the call CANCELLED instead.
/// </summary>
internal sealed class GuardedRequestBody(PipeReader inner, GrpcCallLifetime lifetime) : PipeReader, IRequestBodyPipeFeature
{
    private static readonly ReadResult s_ended = new(ReadOnlySequence<byte>.Empty, isCanceled: false, isCompleted: true);
    private volatile bool _failed;

    /// <inheritdoc />
    public PipeReader Reader => this;

    /// <summary>The call's lifetime.</summary>
    public GrpcCallLifetime Lifetime => lifetime;

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (_failed)
        {
            return ValueTask.FromResult(s_ended);
        }

        ValueTask<ReadResult> pending;
        try
        {
            pending = inner.ReadAsync(cancellationToken);
        }
        catch (Exception e) when (IsFailure(e, cancellationToken))
        {
            return ValueTask.FromResult(Failed(e));
        }

        return pending.IsCompletedSuccessfully ? pending : AwaitAsync(pending, cancellationToken);
    }

    public override bool TryRead(out ReadResult result)
    {
        if (_failed)
        {
            result = s_ended;
            return true;
        }

        try
        {
            return inner.TryRead(out result);
        }
        catch (Exception e) when (IsFailure(e, CancellationToken.None))
        {
            result = Failed(e);
            return true;
        }
    }

    // After a failure the positions handed out belong to the empty end, not to Kestrel's pipe.
    public override void AdvanceTo(SequencePosition consumed)
    {
        if (!_failed)
        {
            inner.AdvanceTo(consumed);
        }
    }

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        if (!_failed)
        {
            inner.AdvanceTo(consumed, examined);
        }
    }

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ReadResult> AwaitAsync(ValueTask<ReadResult> pending, CancellationToken cancellationToken)
    {
        try
        {
            return await pending.ConfigureAwait(false);
        }
        catch (Exception e) when (IsFailure(e, cancellationToken))
        {
            return Failed(e);
        }
    }

    /// <summary>Anything but the cancellation the reader itself asked for.</summary>
    private static bool IsFailure(Exception e, CancellationToken cancellationToken) =>
        !(e is OperationCanceledException && cancellationToken.IsCancellationRequested);

    private ReadResult Failed(Exception e)
    {
        _failed = true;
        lifetime.RequestBodyFailed(e);
        return s_ended;
    }
}
