using System.Globalization;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace XdsControlPlane.Xds.Transport;

/// <summary>
/// Runs before Grpc.AspNetCore's endpoints: gives every call its <see cref="GrpcCallLifetime"/> (shutdown and client
/// resets become the request's <c>RequestAborted</c>, read through <see cref="GuardedRequestBody"/>), and keeps gRPC
/// method paths case-sensitive, as the gRPC protocol defines them (endpoint routing alone matches any case).
/// </summary>
internal static class GrpcCallMiddleware
{
    private static readonly string s_unimplemented = ((int)GrpcStatusCode.Unimplemented).ToString(CultureInfo.InvariantCulture);

    /// <summary>The middleware; <paramref name="shutdown"/> ends every call when the server stops.</summary>
    public static Func<HttpContext, RequestDelegate, Task> Create(GrpcShutdown shutdown) => async (context, next) =>
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is { } grpc
            && !string.Equals(context.Request.Path.Value, grpc.Method.FullName, StringComparison.Ordinal))
        {
            // Trailers-only, as the library answers an unknown method.
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = s_unimplemented;
            context.Response.Headers["grpc-message"] = "Method is unimplemented.";
            return;
        }

        var connection = context.Connection;
        using var lifetime = new GrpcCallLifetime(context.RequestAborted, shutdown.Token, $"{connection.RemoteIpAddress}:{connection.RemotePort}");
        context.RequestAborted = lifetime.Token;
        // One feature carries both (a feature Kestrel does not know would cost each stream a list of extras).
        context.Features.Set<IRequestBodyPipeFeature>(new GuardedRequestBody(context.Request.BodyReader, lifetime));
        await next(context).ConfigureAwait(false);
    };
}
