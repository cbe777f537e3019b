using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Logging;

namespace XdsControlPlane.Xds.Transport;

/// <summary>
/// Terminal ASP.NET Core request delegate that carries gRPC over Kestrel HTTP/2: checks the request,
/// dispatches it to a <see cref="GrpcServiceRouter"/> handler and ends it with gRPC status trailers.
/// </summary>
public sealed partial class GrpcRequestHandler(
    GrpcServiceRouter router, GrpcServerOptions options, GrpcShutdown shutdown, ILogger<GrpcRequestHandler> logger)
{
    /// <summary>The longest delay a <see cref="CancellationTokenSource"/> accepts.</summary>
    private static readonly TimeSpan MaxTimerDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>Handles one HTTP request as a gRPC call.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpProtocol.IsHttp2(request.Protocol))
        {
            context.Response.StatusCode = StatusCodes.Status426UpgradeRequired;
            return;
        }

        if (!IsGrpcContentType(request.ContentType))
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }

        var method = request.Path.Value ?? string.Empty;
        var handler = router.Find(method);
        context.Response.ContentType = "application/grpc";
        if (handler is null)
        {
            // Trailers-only response: the status travels in the headers.
            context.Response.Headers["grpc-status"] = ((int)GrpcStatusCode.Unimplemented).ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.Headers["grpc-message"] = Uri.EscapeDataString($"method {method} is not implemented");
            LogUnimplemented(logger, method);
            return;
        }

        // Clients learn which encodings they may compress requests with; one we cannot read is refused up front, as
        // the gRPC protocol asks, instead of failing on the first compressed message.
        context.Response.Headers["grpc-accept-encoding"] = GrpcCompression.Accepted;
        if (!GrpcCompression.TryParse(request.Headers["grpc-encoding"], out var encoding))
        {
            context.Response.Headers["grpc-status"] = ((int)GrpcStatusCode.Unimplemented).ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.Headers["grpc-message"] = Uri.EscapeDataString(
                $"grpc-encoding '{request.Headers["grpc-encoding"]}' is not supported; use one of {GrpcCompression.Accepted}");
            return;
        }

        // xDS streams live for hours and may be idle: no body size limit, no minimum data rate.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = null;
        }

        if (context.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } rateFeature)
        {
            rateFeature.MinDataRate = null;
        }

        // A deadline beyond what a timer can hold (about 49.7 days) is left to the client, which enforces its own
        // deadline anyway; ending the call early would report an expiry that has not happened.
        var timeout = GrpcFraming.ParseTimeout(request.Headers["grpc-timeout"]);
        using var deadline = timeout is { } t && t <= MaxTimerDelay ? new CancellationTokenSource(t) : null;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(
            context.RequestAborted, shutdown.Token, deadline?.Token ?? CancellationToken.None);

        var status = GrpcStatusCode.Ok;
        var message = string.Empty;
        try
        {
            // Headers must reach the wire before the first message, or a peer waiting for them deadlocks. Inside
            // the try: a deadline that has already passed, or a shutdown that has begun, cancels this flush and
            // must end the call with its status like any later cancellation.
            await context.Response.BodyWriter.FlushAsync(linked.Token).ConfigureAwait(false);
            await handler(new KestrelGrpcCall(context, options.MaxReceiveMessageSize, linked.Token, encoding)).ConfigureAwait(false);
        }
        catch (GrpcException e)
        {
            (status, message) = (e.Status, e.Message);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && linked.IsCancellationRequested)
        {
            (status, message) = shutdown.Token.IsCancellationRequested ? (GrpcStatusCode.Unavailable, "server is shutting down")
                : deadline?.IsCancellationRequested == true ? (GrpcStatusCode.DeadlineExceeded, "deadline exceeded")
                : (GrpcStatusCode.Cancelled, "call cancelled by the client");
        }
        catch (Exception e)
        {
            LogHandlerFailed(logger, e, method);
            (status, message) = (GrpcStatusCode.Unknown, "internal error; see the server log");
        }

        if (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        if (status != GrpcStatusCode.Ok)
        {
            LogCallEnded(logger, method, status, message);
        }

        context.Response.AppendTrailer("grpc-status", ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (message.Length > 0)
        {
            context.Response.AppendTrailer("grpc-message", Uri.EscapeDataString(message));
        }
    }

    /// <summary>
    /// <c>application/grpc</c>, optionally followed by <c>+subtype</c> or <c>;parameters</c>. A bare prefix match would
    /// also take <c>application/grpc-web</c>, a different protocol whose clients expect trailers in the body.
    /// </summary>
    internal static bool IsGrpcContentType(string? contentType)
    {
        const string grpc = "application/grpc";
        return contentType is not null && contentType.StartsWith(grpc, StringComparison.Ordinal)
            && (contentType.Length == grpc.Length || contentType[grpc.Length] is '+' or ';');
    }
}
