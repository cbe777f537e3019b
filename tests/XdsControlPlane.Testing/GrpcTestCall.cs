using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace XdsControlPlane.Testing;

/// <summary>
/// A bidirectional gRPC call over HttpClient (HTTP/2 prior knowledge on http://), frame by frame: tests use it to send
/// malformed frames on purpose and to read headers and trailers as they are on the wire, and the load generator to hold
/// thousands of streams cheaply. <see cref="GrpcClient"/> makes calls through Grpc.Net.Client instead.
/// </summary>
public sealed class GrpcTestCall : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly Stream _responseStream;
    private readonly StreamingContent _content;
    private readonly byte[] _header = new byte[5];

    private GrpcTestCall(HttpResponseMessage response, Stream responseStream, StreamingContent content)
    {
        _response = response;
        _responseStream = responseStream;
        _content = content;
    }

    /// <summary>Response headers.</summary>
    public HttpResponseHeaders Headers => _response.Headers;

    /// <summary>The HTTP status of the response (200 for every gRPC call, whatever its gRPC status).</summary>
    public HttpStatusCode HttpStatus => _response.StatusCode;

    /// <summary>The response's content type, if it has one.</summary>
    public string? ContentType => _response.Content.Headers.ContentType?.MediaType;

    /// <summary>Response trailers; complete once the response ended (empty for a trailers-only response).</summary>
    public HttpResponseHeaders TrailingHeaders => _response.TrailingHeaders;

    /// <summary>
    /// The call's gRPC status once the response ended: from trailers, or from headers for a trailers-only response.
    /// </summary>
    public (int? Status, string? Message) Status
    {
        get
        {
            var status = Read("grpc-status");
            var message = Read("grpc-message");
            return (status is null ? null : int.Parse(status, System.Globalization.CultureInfo.InvariantCulture),
                message is null ? null : Uri.UnescapeDataString(message));

            string? Read(string name) =>
                _response.TrailingHeaders.TryGetValues(name, out var t) ? t.First()
                : _response.Headers.TryGetValues(name, out var h) ? h.First() : null;
        }
    }

    /// <summary>A client whose every call uses its own HTTP/2 connection when <paramref name="ownConnection"/> is set.</summary>
    public static HttpClient CreateClient(Func<HttpMessageHandler>? handler = null)
    {
        var client = new HttpClient(handler?.Invoke() ?? new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        return client;
    }

    /// <summary>Starts a call; returns when the response headers arrived.</summary>
    public static async Task<GrpcTestCall> StartAsync(HttpClient client, Uri server, string method,
        IReadOnlyDictionary<string, string>? headers = null, string contentType = "application/grpc", CancellationToken cancellationToken = default)
    {
        var content = new StreamingContent();
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server, method))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return new GrpcTestCall(response, stream, content);
    }

    /// <summary>Sends one message.</summary>
    public Task SendAsync(IMessage message, CancellationToken cancellationToken = default) => SendRawAsync(message.ToByteArray(), cancellationToken);

    /// <summary>
    /// Sends one frame with the given payload; for negative tests, with the compressed flag set, another flag byte, or
    /// a length that is not the payload's.
    /// </summary>
    public async Task SendRawAsync(byte[] payload, CancellationToken cancellationToken = default, bool compressedFlag = false, int? declaredLength = null,
        byte? flagByte = null)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = flagByte ?? (compressedFlag ? (byte)1 : (byte)0);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)(declaredLength ?? payload.Length));
        payload.CopyTo(frame, 5);
        var stream = await _content.Stream.WaitAsync(cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Half-closes the request side.</summary>
    public void CompleteRequest() => _content.Complete();

    /// <summary>Reads the next message, or null when the response ended.</summary>
    public async Task<T?> ReadAsync<T>(MessageParser<T> parser, CancellationToken cancellationToken = default) where T : class, IMessage<T>
    {
        var payload = await ReadFrameAsync(cancellationToken).ConfigureAwait(false);
        return payload is null ? null : parser.ParseFrom(payload);
    }

    /// <summary>Reads the next frame's payload, or null when the response ended.</summary>
    public async Task<byte[]?> ReadFrameAsync(CancellationToken cancellationToken = default)
    {
        if (!await FillAsync(_header, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var payload = new byte[BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(1))];
        if (!await FillAsync(payload, cancellationToken).ConfigureAwait(false))
        {
            throw new IOException("response ended in the middle of a message");
        }

        return payload;
    }

    /// <summary>
    /// Reads only the next frame's header and returns the length it declares, leaving the message unread: proof that
    /// the server has begun writing it.
    /// </summary>
    public async Task<int> ReadMessageLengthAsync(CancellationToken cancellationToken = default) =>
        await FillAsync(_header, cancellationToken).ConfigureAwait(false)
            ? (int)BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(1))
            : throw new IOException("response ended before the next message");

    /// <summary>
    /// Resets the stream (HTTP/2 RST_STREAM with CANCEL), as a client does when it gives up on a call: the response is
    /// abandoned unread and the request is not half-closed first.
    /// </summary>
    public async Task ResetAsync()
    {
        await _responseStream.DisposeAsync().ConfigureAwait(false);
        _response.Dispose();
    }

    /// <summary>Reads until the response ends, discarding messages, so trailers become available.</summary>
    public async Task<(int? Status, string? Message)> ReadToEndAsync(CancellationToken cancellationToken = default)
    {
        while (await ReadFrameAsync(cancellationToken).ConfigureAwait(false) is not null)
        {
        }

        return Status;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _content.Complete();
        await _responseStream.DisposeAsync().ConfigureAwait(false);
        _response.Dispose();
    }

    private async Task<bool> FillAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await _responseStream.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return read == 0 ? false : throw new IOException("response ended in the middle of a frame");
            }

            read += n;
        }

        return true;
    }

    /// <summary>A request body that stays open until completed, written to as messages are sent.</summary>
    private sealed class StreamingContent : HttpContent
    {
        private readonly TaskCompletionSource<Stream> _stream = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<Stream> Stream => _stream.Task;

        public void Complete() => _completed.TrySetResult();

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            // HttpClient may hold HTTP/2 request headers back until the body is written or flushed; a gRPC
            // call must not wait for its first message to reach the server, so flush the headers now.
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            _stream.TrySetResult(stream);
            try
            {
                await _completed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // HttpClient cancels the body when the server resets the stream (RST_STREAM NO_ERROR after its
                // response: "the rest of the request is not needed") or the connection fails. The request is over
                // either way; ending it lets HttpClient retire the stream, as a real gRPC client does. Quietly: a
                // connection failure surfaces on the response, where callers look for it.
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
