using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Protocol;
using XdsControlPlane.Xds.Snapshots;
using XdsControlPlane.Xds.Tests.Support;
using XdsControlPlane.Xds.Transport;

namespace XdsControlPlane.Xds.Tests.Transport;

/// <summary>The <c>grpc-timeout</c> request header on a long-lived ADS stream.</summary>
public sealed class GrpcDeadlineTests : ServerFixture
{
    private async Task<SotwTestStream> OpenAdsWithTimeout(string timeout) =>
        new(await GrpcTestCall.StartAsync(Http, Server.Address, XdsServices.AggregatedSotw,
            new Dictionary<string, string> { ["grpc-timeout"] = timeout }), null);

    [Test]
    public async Task StreamThatOutlivesItsGrpcTimeoutEndsWithDeadlineExceeded()
    {
        // This test waits real time by nature: the 200 ms deadline has to pass. The stream stays open (no
        // half-close), so only the deadline can end it. It sends nothing: on a loaded machine the deadline may
        // pass before a request would be written, and what is under test is the deadline, not the exchange.
        await using var ads = await OpenAdsWithTimeout("200m");

        var (status, message) = await Bounded.WaitAsync(ads.EndAsync(), "the end of the stream at its 200 ms deadline");

        Assert.That(status, Is.EqualTo((int)GrpcStatusCode.DeadlineExceeded));
        Assert.That(message, Is.EqualTo("deadline exceeded"));
    }

    private static IEnumerable<TestCaseData> ExpiredTimeouts() =>
        new[] { "0m", "0S", "1n" }.Select(t => new TestCaseData(t).SetName($"GrpcTimeout_{t}_EndsTheCallWithDeadlineExceeded"));

    [TestCaseSource(nameof(ExpiredTimeouts))]
    public async Task AlreadyExpiredGrpcTimeoutEndsTheCallWithDeadlineExceeded(string timeout)
    {
        await using var ads = await OpenAdsWithTimeout(timeout);

        var (status, message) = await Bounded.WaitAsync(ads.EndAsync(), "the end of a call whose deadline had passed on arrival");

        Assert.That(ads.Call.HttpStatus, Is.EqualTo(System.Net.HttpStatusCode.OK));
        Assert.That(status, Is.EqualTo((int)GrpcStatusCode.DeadlineExceeded));
        Assert.That(message, Is.EqualTo("deadline exceeded"));
    }

    private static IEnumerable<TestCaseData> FarOrIgnoredTimeouts() =>
    [
        new TestCaseData("8760H").SetName("GrpcTimeout_OfAYear_LeavesTheStreamWorking"),
        new TestCaseData("99999999H").SetName("GrpcTimeout_OfTheLargestEncodableValue_LeavesTheStreamWorking"),
        new TestCaseData("20000000S").SetName("GrpcTimeout_BeyondTimerRange_LeavesTheStreamWorking"),
        new TestCaseData("soon").SetName("GrpcTimeout_Malformed_IsIgnored"),
    ];

    [TestCaseSource(nameof(FarOrIgnoredTimeouts))]
    public async Task FarOrMalformedGrpcTimeoutLeavesTheStreamWorking(string timeout)
    {
        Publish(Resources.Service("a"));
        await using var ads = await OpenAdsWithTimeout(timeout);

        await ads.RequestAsync(TypeUrls.Cluster, node: SotwTestStream.TestNode("n"));
        var response = await ads.NextAsync("CDS response on a stream with a far deadline");

        Assert.That(Resources.Names(response), Is.EqualTo(new[] { "a-cluster" }));
        await AssertNothingSentAsync(ads, "the stream is still open and idle");
    }
}
