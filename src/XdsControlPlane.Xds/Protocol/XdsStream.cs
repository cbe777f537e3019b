using System.Globalization;
using System.Threading.Channels;
using Envoy.Config.Core.V3;
using Google.Protobuf;
using XdsControlPlane.Xds.Ledger;
using XdsControlPlane.Xds.Snapshots;
using XdsControlPlane.Xds.Transport;

namespace XdsControlPlane.Xds.Protocol;

/// <summary>
/// The loop shared by SotW and delta streams. Everything that touches stream state runs on one logical thread:
/// a reader task only parses requests and queues them; snapshot changes and heartbeats are queued too.
/// That loop is also the only writer of the response, as the transport requires.
/// </summary>
internal abstract class XdsStream<TRequest> where TRequest : class, IMessage<TRequest>
{
    private readonly Channel<object> _events = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly MessageParser<TRequest> _parser;
    private long _nonce;
    private int _changeQueued;
    private long _changePublishedAt;
    private ITimer? _heartbeatTimer;

    protected XdsStream(IGrpcCall call, StreamContext context, string? fixedTypeUrl, MessageParser<TRequest> parser, string protocol)
    {
        Call = call;
        Context = context;
        FixedTypeUrl = fixedTypeUrl;
        _parser = parser;
        Protocol = protocol;
    }

    protected IGrpcCall Call { get; }

    protected StreamContext Context { get; }

    /// <summary>The type a per-type service serves; null on ADS.</summary>
    protected string? FixedTypeUrl { get; }

    protected string Protocol { get; }

    protected StreamLedger Ledger { get; private set; } = null!;

    protected string NodeId { get; private set; } = string.Empty;

    protected Node Node { get; private set; } = null!;

    /// <summary>Who the client is (mutual TLS), or null without client certificates.</summary>
    protected Authorization.ClientIdentity? Identity { get; private set; }

    /// <summary>Ends the stream with PERMISSION_DENIED when a response would carry a private key the client may not receive.</summary>
    protected void CheckSecrets(string typeUrl, IEnumerable<XdsResource> resources) => Context.CheckSecrets(Identity, NodeId, typeUrl, resources);

    /// <summary>
    /// While a snapshot change is being pushed: the clock timestamp of the (first coalesced) publish that caused it,
    /// recorded in the ledger so the ACK can measure publish-to-ACK latency; 0 otherwise.
    /// </summary>
    protected long PublishTimestamp { get; private set; }

    /// <summary>The profile's current snapshot, or null before the first publish.</summary>
    protected Snapshot? Snapshot => Context.Store.Get(Ledger.Identity.Profile);

    /// <summary>
    /// The current snapshot's own instance of a resource name a client sent, or the name itself when the snapshot has
    /// no such resource. Subscriptions keep names for the life of the stream; sharing the snapshot's string means
    /// thousands of streams naming the same resources hold one copy of each name instead of one per stream.
    /// </summary>
    protected string Shared(string typeUrl, string name) =>
        Snapshot is { } snapshot && snapshot[typeUrl].ByName.TryGetValue(name, out var resource) ? resource.Name : name;

    public async Task RunAsync()
    {
        var cancel = Call.CallCancelled;
        var first = await Call.ReadAsync(_parser, cancel).ConfigureAwait(false);
        if (first is null)
        {
            return;
        }

        CheckLimits(first);
        Node = NodeOf(first) ?? throw new GrpcException(GrpcStatusCode.InvalidArgument, "the first request on a stream must carry node (P4)");
        if (string.IsNullOrEmpty(Node.Id))
        {
            throw new GrpcException(GrpcStatusCode.InvalidArgument, "node.id is empty");
        }

        NodeId = Node.Id;
        var profile = Context.Profiles.Resolve(Node);
        Identity = Context.Authorize(Call, NodeId, profile);
        using var ledger = Context.Ledger.Open(new StreamIdentity(Node.Id, Node.Cluster, profile, UserAgent(Node), Protocol, FixedTypeUrl is null, Call.Peer)
        {
            Node = Node,
            Principal = Identity?.Id,
        });
        Ledger = ledger;
        using var watch = Context.Store.Watch(profile, OnSnapshotChanged);
        Log.StreamOpened(Context.Logger, NodeId, profile, Protocol, FixedTypeUrl is null ? "ADS" : TypeUrls.ShortName(FixedTypeUrl), Call.Peer);

        using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var reader = ReadRequestsAsync(stopReading.Token);
        try
        {
            await HandleRequestAsync(first).ConfigureAwait(false);
            while (await _events.Reader.WaitToReadAsync(cancel).ConfigureAwait(false))
            {
                while (_events.Reader.TryRead(out var item))
                {
                    switch (item)
                    {
                        case TRequest request:
                            CheckLimits(request);
                            CheckNode(NodeOf(request));
                            await HandleRequestAsync(request).ConfigureAwait(false);
                            break;
                        case SnapshotChanged:
                            PublishTimestamp = Volatile.Read(ref _changePublishedAt);
                            Volatile.Write(ref _changeQueued, 0);
                            try
                            {
                                await OnSnapshotChangedAsync().ConfigureAwait(false);
                            }
                            finally
                            {
                                PublishTimestamp = 0;
                            }

                            break;
                        case Heartbeat:
                            await OnHeartbeatAsync().ConfigureAwait(false);
                            break;
                        case EndOfRequests:
                            return;
                        case Exception e:
                            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e);
                            break;
                    }
                }
            }
        }
        finally
        {
            _heartbeatTimer?.Dispose();
            Log.StreamClosed(Context.Logger, NodeId, Protocol);
            await stopReading.CancelAsync().ConfigureAwait(false);
            await reader.ConfigureAwait(false);
        }
    }

    /// <summary>Processes one request (ACK, NACK, subscription change) and pushes what it makes due.</summary>
    protected abstract ValueTask HandleRequestAsync(TRequest request);

    /// <summary>Pushes what a new snapshot changed, in make-before-break order on ADS.</summary>
    protected abstract ValueTask OnSnapshotChangedAsync();

    /// <summary>Re-sends TTL'd resources without their body (P26).</summary>
    protected virtual ValueTask OnHeartbeatAsync() => ValueTask.CompletedTask;

    protected abstract Node? NodeOf(TRequest request);

    /// <summary>Ends the stream when the request breaks a <see cref="RequestLimits"/> bound.</summary>
    protected abstract void CheckLimits(TRequest request);

    /// <summary>A nonce unique on this stream (P5).</summary>
    protected string NextNonce() => (++_nonce).ToString(CultureInfo.InvariantCulture);

    /// <summary>Resolves the request's type URL: required on ADS (P2), implied or checked on per-type services.</summary>
    protected string TypeUrlOf(string requested)
    {
        if (FixedTypeUrl is null)
        {
            return requested.Length > 0 ? requested
                : throw new GrpcException(GrpcStatusCode.InvalidArgument, "type_url is empty; on ADS every request must name its resource type (P2)");
        }

        return XdsServices.CheckServiceType(requested, FixedTypeUrl);
    }

    /// <summary>Types a snapshot change may push, in order: all of them on ADS (P24), the one type otherwise.</summary>
    protected IReadOnlyList<string> PushTypes => FixedTypeUrl is null ? TypeUrls.PushOrder : [FixedTypeUrl];

    /// <summary>Starts (or moves earlier) the heartbeat timer.</summary>
    protected void ScheduleHeartbeat(TimeSpan interval)
    {
        _heartbeatTimer ??= Context.Clock.CreateTimer(_ => _events.Writer.TryWrite(Heartbeat.Instance), null, interval, interval);
    }

    protected ValueTask WriteAsync(OutgoingMessage message) => Call.WriteAsync(message, Call.CallCancelled);

    private void CheckNode(Node? node)
    {
        if (node is not null && node.Id.Length > 0 && node.Id != NodeId)
        {
            throw new GrpcException(GrpcStatusCode.InvalidArgument, $"node id changed on the stream from '{NodeId}' to '{node.Id}' (P4)");
        }
    }

    private void OnSnapshotChanged()
    {
        if (Interlocked.Exchange(ref _changeQueued, 1) == 0)
        {
            // Called by the publisher right after the swap: now is the publish time.
            Volatile.Write(ref _changePublishedAt, Context.Clock.GetTimestamp());
            _events.Writer.TryWrite(SnapshotChanged.Instance);
        }
    }

    private async Task ReadRequestsAsync(CancellationToken cancel)
    {
        await Task.Yield();
        try
        {
            while (await Call.ReadAsync(_parser, cancel).ConfigureAwait(false) is { } request)
            {
                _events.Writer.TryWrite(request);
            }

            _events.Writer.TryWrite(EndOfRequests.Instance);
        }
        catch (OperationCanceledException)
        {
            _events.Writer.TryComplete();
        }
        catch (Exception e)
        {
            _events.Writer.TryWrite(e);
        }
    }

    private static string UserAgent(Node node)
    {
        var version = node.UserAgentVersionTypeCase switch
        {
            Node.UserAgentVersionTypeOneofCase.UserAgentVersion => node.UserAgentVersion,
            Node.UserAgentVersionTypeOneofCase.UserAgentBuildVersion when node.UserAgentBuildVersion.Version is { } v =>
                $"{v.MajorNumber}.{v.MinorNumber}.{v.Patch}",
            _ => string.Empty,
        };
        return $"{node.UserAgentName} {version}".Trim();
    }

    private sealed class SnapshotChanged
    {
        public static readonly SnapshotChanged Instance = new();
    }

    private sealed class Heartbeat
    {
        public static readonly Heartbeat Instance = new();
    }

    private sealed class EndOfRequests
    {
        public static readonly EndOfRequests Instance = new();
    }
}
