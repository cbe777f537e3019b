using System.Threading.Channels;
using Envoy.Config.Core.V3;
using Google.Protobuf;

namespace XdsControlPlane.Testing;

/// <summary>
/// An xDS stream for tests: requests go out as they are given, responses are queued by a background reader and
/// checked against the protocol rules as they arrive (<see cref="CheckResponse"/>). A violation fails the next
/// read, so no test can pass over a malformed response.
/// </summary>
public abstract class XdsTestStream<TRequest, TResponse> : IAsyncDisposable
    where TRequest : IMessage<TRequest> where TResponse : class, IMessage<TResponse>
{
    private readonly Channel<TResponse> _responses = Channel.CreateUnbounded<TResponse>();
    private readonly List<string> _violations = [];
    private readonly HashSet<string> _nonces = new(StringComparer.Ordinal);
    private readonly Task _reader;

    /// <summary>Default wait for a response; generous, since a failing wait names what it waited for.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    protected XdsTestStream(GrpcTestCall call, MessageParser<TResponse> parser)
    {
        Call = call;
        _reader = Task.Run(async () =>
        {
            try
            {
                while (await call.ReadAsync(parser).ConfigureAwait(false) is { } response)
                {
                    lock (_violations)
                    {
                        CheckResponse(response, _nonces, _violations);
                    }

                    _responses.Writer.TryWrite(response);
                }

                _responses.Writer.TryComplete();
            }
            catch (Exception e)
            {
                _responses.Writer.TryComplete(e);
            }
        });
    }

    /// <summary>The underlying call (for trailers).</summary>
    public GrpcTestCall Call { get; }

    /// <summary>Every response received so far, in order.</summary>
    public List<TResponse> Received { get; } = [];

    /// <summary>A node for tests.</summary>
    public static Node TestNode(string id, string? profile = null, params string[] clientFeatures)
    {
        var node = new Node { Id = id, Cluster = "test-cluster", UserAgentName = "xds-test-client", UserAgentVersion = "1.0" };
        node.ClientFeatures.AddRange(clientFeatures);
        if (profile is not null)
        {
            node.Metadata = new Google.Protobuf.WellKnownTypes.Struct();
            node.Metadata.Fields["xds.profile"] = Google.Protobuf.WellKnownTypes.Value.ForString(profile);
        }

        return node;
    }

    /// <summary>Sends a request.</summary>
    public Task SendAsync(TRequest request) => Call.SendAsync(request);

    /// <summary>Waits for the next response; fails naming <paramref name="awaiting"/> when none comes in time.</summary>
    public async Task<TResponse> NextAsync(string awaiting, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        TResponse response;
        try
        {
            response = await _responses.Reader.ReadAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no response within {timeout ?? DefaultTimeout} while waiting for {awaiting}");
        }
        catch (ChannelClosedException e)
        {
            var (status, message) = Call.Status;
            throw new InvalidOperationException($"stream ended (grpc-status {status}: {message}) while waiting for {awaiting}", e);
        }

        ThrowOnViolations();
        Received.Add(response);
        return response;
    }

    /// <summary>True when a response is already queued (no waiting).</summary>
    public bool HasPending => _responses.Reader.TryPeek(out _);

    /// <summary>Waits for the server to end the stream and returns its status.</summary>
    public async Task<(int? Status, string? Message)> EndAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        await _reader.WaitAsync(cts.Token).ConfigureAwait(false);
        return Call.Status;
    }

    /// <summary>Fails when any response so far broke a protocol rule.</summary>
    public void ThrowOnViolations()
    {
        lock (_violations)
        {
            if (_violations.Count > 0)
            {
                throw new InvalidOperationException("protocol violations: " + string.Join("; ", _violations));
            }
        }
    }

    /// <summary>Checks one response; adds a line per broken rule.</summary>
    protected abstract void CheckResponse(TResponse response, HashSet<string> nonces, List<string> violations);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        await Call.DisposeAsync().ConfigureAwait(false);
        try
        {
            await _reader.ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or HttpRequestException or ObjectDisposedException)
        {
        }
    }
}
