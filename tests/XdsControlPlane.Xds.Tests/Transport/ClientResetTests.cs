using System.Net.Sockets;
using Envoy.Service.Discovery.V3;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Protocol;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Xds.Tests.Transport;

/// <summary>
/// Issue 10, D9: clients that reset their streams or drop their connections, while the server waits for their next
/// request or while it is blocked writing a response to them. Every such call ends CANCELLED, is logged at debug or
/// information only and never with a stack trace: a reconnecting fleet is routine, not a server error. (Kestrel fails
/// the request body at once but reports the abort later, on the thread pool; reading that gap as a server fault gave
/// UNKNOWN and an error log with a stack trace.)
/// </summary>
public sealed class ClientResetTests
{
    private const int Streams = 20;
    private LogRecorder _log = null!;
    private TestXdsServer _server = null!;

    [SetUp]
    public async Task StartServer()
    {
        _log = new LogRecorder();
        _server = await TestXdsServer.StartAsync(loggers: _log);
    }

    [TearDown]
    public async Task StopServer()
    {
        await _server.DisposeAsync();
        _log.Dispose();
    }

    public enum Reset
    {
        ResetStream,
        CloseConnection,
    }

    [TestCase(Reset.ResetStream)]
    [TestCase(Reset.CloseConnection)]
    public async Task ClientsGoneWhileTheServerWaitsForTheirNextRequest_EndCancelled_WithoutErrorsOrStackTraces(Reset reset)
    {
        _server.Publish(Resources.Service("a"));
        var connections = new List<Connection>();
        var calls = new List<GrpcTestCall>();
        for (var i = 0; i < Streams; i++)
        {
            var connection = new Connection();
            connections.Add(connection);
            var http = connection.Http;
            var call = await GrpcTestCall.StartAsync(http, _server.Address, i % 2 == 0 ? XdsServices.AggregatedSotw : XdsServices.AggregatedDelta);
            calls.Add(call);
            if (i % 2 == 0)
            {
                await call.SendAsync(new DiscoveryRequest { TypeUrl = TypeUrls.Cluster, Node = SotwTestStream.TestNode($"reader-{i}") });
                await Bounded.WaitAsync(call.ReadAsync(DiscoveryResponse.Parser), "the CDS response");
            }
            else
            {
                await call.SendAsync(new DeltaDiscoveryRequest { TypeUrl = TypeUrls.Cluster, Node = SotwTestStream.TestNode($"reader-{i}"), ResourceNamesSubscribe = { "*" } });
                await Bounded.WaitAsync(call.ReadAsync(DeltaDiscoveryResponse.Parser), "the delta CDS response");
            }
        }

        Assert.That(_server.Ledger.Count, Is.EqualTo(Streams), "every stream is open and waiting for its next request");
        for (var i = 0; i < Streams; i++)
        {
            if (reset == Reset.ResetStream)
            {
                await calls[i].ResetAsync();
            }
            else
            {
                connections[i].Drop();
            }
        }

        await AssertEveryCallEndedCancelledQuietlyAsync(Streams);
        connections.ForEach(c => c.Dispose());
    }

    [Test]
    public async Task ClientsGoneWhileTheServerIsBlockedWritingToThem_EndCancelled_WithoutErrorsOrStackTraces()
    {
        const int stalled = 4;
        // About 200 KB of clusters: far beyond what HTTP/2 flow control lets through to a client that does not read
        // (its 64 KiB stream window plus Kestrel's buffer), so the server's write cannot finish.
        _server.Publish(Enumerable.Range(0, 100).SelectMany(i =>
        {
            var cluster = Resources.Cluster($"c{i:D3}");
            cluster.AltStatName = new string('x', 2000);
            return new[] { XdsResource.Create(cluster), XdsResource.Create(Resources.Endpoints(cluster.Name, ("10.0.0.1", 8080))) };
        }));
        var calls = new List<(Connection Connection, GrpcTestCall Call)>();
        for (var i = 0; i < stalled; i++)
        {
            var connection = new Connection();
            var call = await GrpcTestCall.StartAsync(connection.Http, _server.Address, XdsServices.AggregatedSotw);
            await call.SendAsync(new DiscoveryRequest { TypeUrl = TypeUrls.Cluster, Node = SotwTestStream.TestNode($"writer-{i}") });
            var length = await Bounded.WaitAsync(call.ReadMessageLengthAsync(), "the start of the CDS response");
            Assert.That(length, Is.GreaterThan(150_000), "a response the server cannot finish writing to a client that does not read");
            calls.Add((connection, call));
        }

        for (var i = 0; i < stalled; i++)
        {
            if (i % 2 == 0)
            {
                await calls[i].Call.ResetAsync();
            }
            else
            {
                calls[i].Connection.Drop();
            }
        }

        await AssertEveryCallEndedCancelledQuietlyAsync(stalled);
        calls.ForEach(c => c.Connection.Dispose());
    }

    /// <summary>
    /// Waits until the library has ended <paramref name="count"/> calls (its "status raised" event, with the status code),
    /// then checks the log as a whole.
    /// </summary>
    private async Task AssertEveryCallEndedCancelledQuietlyAsync(int count)
    {
        static bool Ended(LogRecorder.Record r) => r.EventName == "RpcConnectionError";
        await _log.WaitAsync(records => records.Count(Ended) >= count, $"the server to end all {count} calls");

        var records = _log.Records;
        Assert.Multiple(() =>
        {
            Assert.That(records.Where(Ended).Select(r => r.Properties["StatusCode"]), Is.EqualTo(Enumerable.Repeat<object?>(StatusCode.Cancelled, count)),
                "every call ends CANCELLED, none UNKNOWN");
            Assert.That(records.Count(r => r.EventName == "CallEndedByClient" && r.Level == LogLevel.Debug && r.Exception is null), Is.EqualTo(count),
                "each call's end is logged once, at debug, without the exception");
            Assert.That(records.Where(r => r.Level >= LogLevel.Warning).Select(r => $"{r.Level} {r.Category}: {r.Message}"), Is.Empty,
                "no warning or error");
            Assert.That(records.Where(r => r.Level >= LogLevel.Information && r.Exception is not null).Select(r => $"{r.Category}: {r.Message} {r.Exception}"),
                Is.Empty, "no stack trace at information or above");
        });
    }

    /// <summary>An HTTP/2 client on one TCP connection that the test can drop (RST, no goodbye) under open streams.</summary>
    private sealed class Connection : IDisposable
    {
        private Socket? _socket;

        public Connection() => Http = GrpcTestCall.CreateClient(() => new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                _socket = socket;
                return new NetworkStream(socket, ownsSocket: true);
            },
        });

        public HttpClient Http { get; }

        /// <summary>Closes the socket abortively (linger 0: the peer gets a TCP RST), as a crashed proxy would.</summary>
        public void Drop()
        {
            var socket = _socket ?? throw new InvalidOperationException("not connected");
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }

        public void Dispose() => Http.Dispose();
    }
}
