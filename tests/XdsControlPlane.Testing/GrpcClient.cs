using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace XdsControlPlane.Testing;

/// <summary>
/// Calls through Grpc.Net.Client, the gRPC library's own client, with methods defined here from the Envoy message
/// types (no generated client code). For unary calls and for what a real client sees; <see cref="GrpcTestCall"/> stays
/// for raw frames.
/// </summary>
public static class GrpcClient
{
    /// <summary>A channel over <paramref name="http"/> (not disposed with the channel).</summary>
    public static GrpcChannel Channel(HttpClient http, Uri address) =>
        GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpClient = http, DisposeHttpClient = false });

    /// <summary>The method at <paramref name="path"/> (<c>/package.Service/Method</c>) with protobuf marshallers.</summary>
    public static Method<TRequest, TResponse> Method<TRequest, TResponse>(MethodType type, string path, MessageParser<TResponse> parser)
        where TRequest : class, IMessage<TRequest> where TResponse : class, IMessage<TResponse>
    {
        var slash = path.LastIndexOf('/');
        return new Method<TRequest, TResponse>(type, path[1..slash], path[(slash + 1)..],
            Marshallers.Create<TRequest>(m => m.ToByteArray(), _ => throw new NotSupportedException("requests are only written")),
            Marshallers.Create(r => r.ToByteArray(), parser.ParseFrom));
    }

    /// <summary>
    /// One unary call: the response and <c>(0, null)</c>, or no response and the call's status code and message.
    /// </summary>
    public static async Task<(TResponse? Response, int Status, string? Message)> UnaryAsync<TRequest, TResponse>(
        HttpClient http, Uri address, string path, TRequest request, MessageParser<TResponse> parser, TimeSpan? timeout = null)
        where TRequest : class, IMessage<TRequest> where TResponse : class, IMessage<TResponse>
    {
        using var channel = Channel(http, address);
        using var bound = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        try
        {
            var response = await channel.CreateCallInvoker()
                .AsyncUnaryCall(Method<TRequest, TResponse>(MethodType.Unary, path, parser), null, new CallOptions(cancellationToken: bound.Token), request)
                .ResponseAsync.ConfigureAwait(false);
            return (response, 0, null);
        }
        catch (RpcException e) when (!bound.IsCancellationRequested)
        {
            return (null, (int)e.StatusCode, e.Status.Detail);
        }
    }
}
