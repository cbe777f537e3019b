using Envoy.Service.Discovery.V3;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Logging;
using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Protocol;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Xds.Tests.Protocol;

/// <summary>
/// Issue 10 item 6 on the xDS side: FsCheck sequences of SotW and delta requests, mixing the right and the wrong (unknown
/// and empty type URLs, stale and made-up nonces, NACKs, a node that changes or is missing, oversized names), sent on
/// one real ADS stream each. Whatever the sequence, every response keeps the protocol rules the test stream checks,
/// the stream ends with OK or a clean error status (never UNKNOWN, INTERNAL or a reset), nothing is logged as an
/// error, and the server still serves a new client afterwards. Bounded: 60 sequences per protocol.
/// </summary>
[Category("Fuzz")]
public sealed class DiscoveryRequestPropertyTests
{
    private static readonly string[] s_types =
    [
        TypeUrls.Cluster, TypeUrls.Listener, TypeUrls.RouteConfiguration, TypeUrls.ClusterLoadAssignment, TypeUrls.Secret,
        "", "type.googleapis.com/made.up.Type", TypeUrls.Resource,
    ];

    private static readonly string[][] s_names =
        [[], ["a-cluster"], ["*"], [""], [new string('n', 5_000)], ["a-cluster", "a-cluster", "b"]];

    // OK (the client ended), INVALID_ARGUMENT (a bad request), PERMISSION_DENIED (a private key without mutual TLS),
    // RESOURCE_EXHAUSTED (a bound).
    private static readonly int[] s_cleanEndings = [0, 3, 7, 8];

    /// <summary>One request of a sequence, as indexes into the choices above: readable when FsCheck shrinks a failure.</summary>
    public sealed record Step(int Type, int Names, int Nonce, int Node, bool Nack);

    private LogRecorder _log = null!;
    private TestXdsServer _server = null!;
    private HttpClient _http = null!;
    private readonly SortedDictionary<int, int> _endings = [];

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _log = new LogRecorder();
        _server = await TestXdsServer.StartAsync(loggers: _log);
        _server.Publish(Resources.Service("a"));
        _http = GrpcTestCall.CreateClient();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        _log.Dispose();
    }

    [Test]
    public void SotwRequestSequences_EndWithResponsesOrACleanStatus_AndTheServerGoesOn() =>
        Check(steps => RunSotw(steps).GetAwaiter().GetResult());

    [Test]
    public void DeltaRequestSequences_EndWithResponsesOrACleanStatus_AndTheServerGoesOn() =>
        Check(steps => RunDelta(steps).GetAwaiter().GetResult());

    private void Check(Func<Step[], bool> run)
    {
        // Weighted by repetition so that sequences go deep: a wrong type URL, an oversized name or node id, or a node
        // that changes ends the stream at once, so each comes in about one step in twenty.
        var types = Gen.Elements(0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 5, 6, 7);
        var names = Gen.Elements(0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 5, 5, 5, 4);
        var nodes = Gen.Elements(0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3);
        var typeAndNames = Gen.Zip(types, names);
        var nonceAndNode = Gen.Zip(Gen.Choose(0, 2), nodes);
        var step = Gen.Zip(Gen.Zip(typeAndNames, nonceAndNode), Gen.Elements(false, false, true))
            .Select(t => new Step(t.Item1.Item1.Item1, t.Item1.Item1.Item2, t.Item1.Item2.Item1, t.Item1.Item2.Item2, t.Item2));
        var sequences = step.ArrayOf().Where(s => s.Length is > 0 and <= 8);

        _endings.Clear();
        Prop.ForAll(sequences.ToArbitrary(), run).Check(Config.QuickThrowOnFailure.WithMaxTest(60));
        TestContext.Out.WriteLine($"grpc-status of the sequences: {string.Join(", ", _endings.Select(e => $"{e.Key} x{e.Value}"))}");

        var errors = _log.Records.Where(r => r.Level >= LogLevel.Error).Select(r => $"{r.Category}: {r.Message}").ToList();
        Assert.That(errors, Is.Empty, "a client's requests are never a server error");
        Assert.That(ServesANewClient().GetAwaiter().GetResult(), Is.EqualTo(new[] { "a-cluster" }));
    }

    private async Task<bool> RunSotw(Step[] steps)
    {
        await using var stream = await SotwTestStream.OpenAsync(_http, _server.Address, XdsServices.AggregatedSotw);
        var index = 0;
        foreach (var step in steps)
        {
            var last = stream.Received.LastOrDefault();
            var request = new DiscoveryRequest
            {
                TypeUrl = s_types[step.Type],
                Node = Node(step.Node, index++),
                ResponseNonce = Nonce(step.Nonce, last?.Nonce),
                VersionInfo = last?.VersionInfo ?? "",
                ErrorDetail = step.Nack ? new Google.Rpc.Status { Code = 3, Message = "rejected by the property" } : null,
            };
            request.ResourceNames.AddRange(s_names[step.Names]);
            if (!await SentAsync(stream, request))
            {
                break;
            }

            TakePending(stream);
        }

        return await EndsCleanly(stream, steps);
    }

    private async Task<bool> RunDelta(Step[] steps)
    {
        await using var stream = await DeltaTestStream.OpenAsync(_http, _server.Address, XdsServices.AggregatedDelta);
        var index = 0;
        foreach (var step in steps)
        {
            var request = new DeltaDiscoveryRequest
            {
                TypeUrl = s_types[step.Type],
                Node = Node(step.Node, index++),
                ResponseNonce = Nonce(step.Nonce, stream.Received.LastOrDefault()?.Nonce),
                ErrorDetail = step.Nack ? new Google.Rpc.Status { Code = 3, Message = "rejected by the property" } : null,
            };
            request.ResourceNamesSubscribe.AddRange(s_names[step.Names]);
            if (step.Nack)
            {
                request.ResourceNamesUnsubscribe.Add("a-cluster");
                request.InitialResourceVersions["a-cluster"] = "made-up";
            }

            if (!await SentAsync(stream, request))
            {
                break;
            }

            TakePending(stream);
        }

        return await EndsCleanly(stream, steps);
    }

    /// <summary>False when the server already ended the stream (a request before was refused), so the rest is moot.</summary>
    private static async Task<bool> SentAsync<TRequest, TResponse>(XdsTestStream<TRequest, TResponse> stream, TRequest request)
        where TRequest : Google.Protobuf.IMessage<TRequest>
        where TResponse : class, Google.Protobuf.IMessage<TResponse>
    {
        try
        {
            await stream.SendAsync(request);
            return true;
        }
        catch (Exception e) when (e is ObjectDisposedException or IOException or HttpRequestException or OperationCanceledException)
        {
            return false;
        }
    }

    private static void TakePending<TRequest, TResponse>(XdsTestStream<TRequest, TResponse> stream)
        where TRequest : Google.Protobuf.IMessage<TRequest>
        where TResponse : class, Google.Protobuf.IMessage<TResponse>
    {
        while (stream.HasPending)
        {
            stream.NextAsync("a queued response").GetAwaiter().GetResult();
        }
    }

    /// <summary>Half-closes the stream, reads to its end, and checks the status and every response.</summary>
    private async Task<bool> EndsCleanly<TRequest, TResponse>(XdsTestStream<TRequest, TResponse> stream, Step[] steps)
        where TRequest : Google.Protobuf.IMessage<TRequest>
        where TResponse : class, Google.Protobuf.IMessage<TResponse>
    {
        stream.Call.CompleteRequest();
        var (status, message) = await stream.EndAsync();
        TakePending(stream);
        stream.ThrowOnViolations();
        if (status is not { } code || !s_cleanEndings.Contains(code))
        {
            throw new InvalidOperationException($"steps {string.Join(", ", steps.AsEnumerable())} ended with grpc-status {status?.ToString() ?? "(none)"}: {message}");
        }

        _endings[code] = _endings.GetValueOrDefault(code) + 1;
        return true;
    }

    private static Envoy.Config.Core.V3.Node? Node(int choice, int index) => choice switch
    {
        0 => SotwTestStream.TestNode("property-node"),
        1 => index == 0 ? SotwTestStream.TestNode("property-node") : null, // the node on the first request only, as Envoy sends it
        2 => SotwTestStream.TestNode($"property-node-{index}"),                 // a node that changes mid-stream
        _ => SotwTestStream.TestNode(new string('x', 300_000)),                 // beyond the node id bound
    };

    private static string Nonce(int choice, string? last) => choice switch
    {
        0 => "",
        1 => last ?? "",
        _ => "made-up-nonce",
    };

    private async Task<string[]> ServesANewClient()
    {
        await using var stream = await SotwTestStream.OpenAsync(_http, _server.Address, XdsServices.AggregatedSotw, TypeUrls.Cluster);
        await stream.RequestAsync(TypeUrls.Cluster, node: SotwTestStream.TestNode("after-the-property"));
        return [.. Resources.Names(await stream.NextAsync("CDS for a new client after the sequences"))];
    }
}
