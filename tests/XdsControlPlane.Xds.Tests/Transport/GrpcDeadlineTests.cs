using Envoy.Service.Discovery.V3;
using Grpc.Core;
using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Protocol;
using XdsControlPlane.Xds.Snapshots;
using XdsControlPlane.Xds.Tests.Support;

namespace XdsControlPlane.Xds.Tests.Transport;

/// <summary>
/// The <c>grpc-timeout</c> request header on a long-lived ADS stream, enforced by Grpc.AspNetCore. When the deadline
/// passes, the library sends DEADLINE_EXCEEDED and resets the stream; a client may see the reset before the trailers,
/// so the server's side is checked in its log and a real client's view through Grpc.Net.Client.
/// </summary>
public sealed class GrpcDeadlineTests : ServerFixture
{
    private async Task<SotwTestStream> OpenAdsWithTimeout(TestXdsServer server, string timeout) =>
        new(await GrpcTestCall.StartAsync(Http, server.Address, XdsServices.AggregatedSotw,
            new Dictionary<string, string> { ["grpc-timeout"] = timeout }), null);

    [Test]
    public async Task StreamThatOutlivesItsDeadline_EndsWithDeadlineExceeded_ForAGrpcClient()
    {
        // This test waits real time by nature: the 200 ms deadline has to pass. Grpc.Net.Client enforces the deadline
        // too; what the test shows is the status a real client ends up with.
        Publish(Resources.Service("a"));
        using var channel = GrpcClient.Channel(Http, Server.Address);
        using var call = channel.CreateCallInvoker().AsyncDuplexStreamingCall(
            GrpcClient.Method<DiscoveryRequest, DiscoveryResponse>(MethodType.DuplexStreaming, XdsServices.AggregatedSotw, DiscoveryResponse.Parser),
            null, new CallOptions(deadline: DateTime.UtcNow.AddMilliseconds(200)));
        await call.RequestStream.WriteAsync(new DiscoveryRequest { TypeUrl = TypeUrls.Cluster, Node = SotwTestStream.TestNode("n") });

        var error = Assert.ThrowsAsync<RpcException>(() => Bounded.WaitAsync(ReadAllAsync(call.ResponseStream), "the end of the stream at its deadline"));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.DeadlineExceeded));
    }

    private static IEnumerable<TestCaseData> ServerEnforcedTimeouts() =>
    [
        new TestCaseData("200m").SetName("GrpcTimeout_200m_TheServerEndsTheStreamWithDeadlineExceeded"),
        new TestCaseData("1u").SetName("GrpcTimeout_1u_ExpiredOnArrival_TheServerEndsTheStreamWithDeadlineExceeded"),
    ];

    [TestCaseSource(nameof(ServerEnforcedTimeouts))]
    public async Task TheServerEndsAStreamAtItsDeadline(string timeout)
    {
        // A raw client that enforces nothing itself: only the server can end this stream (it is never half-closed).
        using var log = new LogRecorder();
        await using var server = await TestXdsServer.StartAsync(loggers: log);
        await using var ads = await OpenAdsWithTimeout(server, timeout);

        var (status, _) = await Bounded.WaitAsync(ads.EndAsync(), "the server to end the stream at its deadline");

        Assert.That(log.Records.Any(r => r.EventName == "DeadlineExceeded" && r.Category.StartsWith("Grpc.AspNetCore", StringComparison.Ordinal)),
            Is.True, "the server logged that the deadline passed");
        Assert.That(status, Is.Null.Or.EqualTo((int)StatusCode.DeadlineExceeded), "trailers, if they beat the reset, say DEADLINE_EXCEEDED");
        Assert.That(log.Records.Where(r => r.Level >= Microsoft.Extensions.Logging.LogLevel.Warning), Is.Empty, "a deadline is no server error");
    }

    private static IEnumerable<TestCaseData> FarOrIgnoredTimeouts() =>
    [
        new TestCaseData("8760H").SetName("GrpcTimeout_OfAYear_LeavesTheStreamWorking"),
        new TestCaseData("99999999H").SetName("GrpcTimeout_OfTheLargestEncodableValue_LeavesTheStreamWorking"),
        new TestCaseData("20000000S").SetName("GrpcTimeout_BeyondTimerRange_LeavesTheStreamWorking"),
        new TestCaseData("soon").SetName("GrpcTimeout_Malformed_IsIgnored"),
        // The spec's TimeoutValue is a positive integer: the library ignores zero, and a value below its 100 ns clock
        // tick rounds to zero.
        new TestCaseData("0m").SetName("GrpcTimeout_0m_IsIgnored"),
        new TestCaseData("0S").SetName("GrpcTimeout_0S_IsIgnored"),
        new TestCaseData("1n").SetName("GrpcTimeout_1n_IsIgnored"),
    ];

    [TestCaseSource(nameof(FarOrIgnoredTimeouts))]
    public async Task FarOrIgnoredGrpcTimeoutLeavesTheStreamWorking(string timeout)
    {
        Publish(Resources.Service("a"));
        await using var ads = await OpenAdsWithTimeout(Server, timeout);

        await ads.RequestAsync(TypeUrls.Cluster, node: SotwTestStream.TestNode("n"));
        var response = await ads.NextAsync("CDS response on a stream with a far or ignored deadline");

        Assert.That(Resources.Names(response), Is.EqualTo(new[] { "a-cluster" }));
        await AssertNothingSentAsync(ads, "the stream is still open and idle");
    }

    private static async Task ReadAllAsync(IAsyncStreamReader<DiscoveryResponse> responses)
    {
        while (await responses.MoveNext(CancellationToken.None))
        {
        }
    }
}
