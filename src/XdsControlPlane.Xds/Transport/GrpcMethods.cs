using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.AspNetCore.Routing;

namespace XdsControlPlane.Xds.Transport;

/// <summary>
/// Declares hand-defined gRPC methods to Grpc.AspNetCore (from an <see cref="IServiceMethodProvider{TService}"/>): a
/// <see cref="Method{TRequest, TResponse}"/> with <see cref="GrpcMarshallers"/>, whose handler sees the call as an
/// <see cref="IGrpcCall"/>. No generated service code is involved.
/// </summary>
public static class GrpcMethods
{
    // What the library gives the methods of generated services: POST only (other verbs get 405).
    private static readonly object[] s_metadata = [new HttpMethodMetadata(["POST"], acceptCorsPreflight: true)];

    // Never changed: sending it adds no header.
    private static readonly Metadata s_noHeaders = [];

    /// <summary>
    /// Adds a bidirectional-streaming method at <paramref name="path"/> (<c>/package.Service/Method</c>). The response
    /// headers go out as soon as the call starts, not with the first response (the library's default): a stream may
    /// wait long for its first response, and some clients (HttpClient-based ones among them) wait for the headers
    /// before they send their first request.
    /// </summary>
    public static void AddDuplex<TService, TRequest>(this ServiceMethodProviderContext<TService> context, string path,
        MessageParser<TRequest> parser, Func<TService, IGrpcCall, Task> handler)
        where TService : class where TRequest : class, IMessage<TRequest>
    {
        ArgumentNullException.ThrowIfNull(context);
        context.AddDuplexStreamingMethod(Define(MethodType.DuplexStreaming, path, parser), s_metadata, async (service, requests, responses, call) =>
        {
            await call.WriteResponseHeadersAsync(s_noHeaders).ConfigureAwait(false);
            await handler(service, new StreamingGrpcCall<TRequest>(requests, responses, call)).ConfigureAwait(false);
        });
    }

    /// <summary>Adds a unary method at <paramref name="path"/>; the handler reads one request and writes one response.</summary>
    public static void AddUnary<TService, TRequest>(this ServiceMethodProviderContext<TService> context, string path,
        MessageParser<TRequest> parser, Func<TService, IGrpcCall, Task> handler)
        where TService : class where TRequest : class, IMessage<TRequest>
    {
        ArgumentNullException.ThrowIfNull(context);
        context.AddUnaryMethod(Define(MethodType.Unary, path, parser), s_metadata, async (service, request, call) =>
        {
            var unary = new UnaryGrpcCall(request, call);
            await handler(service, unary).ConfigureAwait(false);
            return unary.Response ?? throw new GrpcException(GrpcStatusCode.Internal, $"{path} produced no response");
        });
    }

    /// <summary>The method at <paramref name="path"/>, <c>/package.Service/Method</c>.</summary>
    internal static Method<TRequest, OutgoingMessage> Define<TRequest>(MethodType type, string path, MessageParser<TRequest> parser)
        where TRequest : class, IMessage<TRequest>
    {
        var slash = path.LastIndexOf('/');
        if (!path.StartsWith('/') || slash <= 1 || slash == path.Length - 1)
        {
            throw new ArgumentException($"'{path}' is not a gRPC method path (/package.Service/Method)", nameof(path));
        }

        return new Method<TRequest, OutgoingMessage>(type, path[1..slash], path[(slash + 1)..], GrpcMarshallers.Request(parser), GrpcMarshallers.Response);
    }
}
