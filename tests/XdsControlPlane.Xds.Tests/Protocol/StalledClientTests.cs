using Envoy.Service.Discovery.V3;
using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Protocol;
using XdsControlPlane.Xds.Snapshots;
using XdsControlPlane.Xds.Tests.Support;
using XdsControlPlane.Xds.Tests.Transport;

namespace XdsControlPlane.Xds.Tests.Protocol;

/// <summary>
/// A proxy that stops reading (hung, or its socket full) must hold up no other proxy, and when it reads again it gets
/// the newest configuration rather than every version it missed: one bad proxy never affects the others.
/// </summary>
public sealed class StalledClientTests : ServerFixture
{
    private const int Clusters = 100;

    // About 200 KB of clusters per response: far beyond what HTTP/2 flow control lets through to a client that does
    // not read (its 64 KiB stream window plus Kestrel's response buffer), so the server's write to it blocks.
    private static IEnumerable<XdsResource> Big(int generation) => Enumerable.Range(0, Clusters).SelectMany(i =>
    {
        var cluster = Resources.Cluster($"c{i:D3}");
        cluster.AltStatName = $"generation-{generation}-" + new string('x', 2000);
        return new[] { XdsResource.Create(cluster), XdsResource.Create(Resources.Endpoints(cluster.Name, ("10.0.0.1", 8080))) };
    });

    [Test]
    public async Task AClientThatStopsReading_DelaysNoOther_AndThenGetsOnlyTheNewestVersion()
    {
        Publish(Big(0));
        using var stalledConnection = GrpcTestCall.CreateClient();
        await using var stalled = await GrpcTestCall.StartAsync(stalledConnection, Server.Address, XdsServices.AggregatedSotw);
        await stalled.SendAsync(new DiscoveryRequest { TypeUrl = TypeUrls.Cluster, Node = SotwTestStream.TestNode("stalled") });
        await using var healthy = await OpenAds(TypeUrls.Cluster, nodeId: "healthy");
        await healthy.RequestAsync(TypeUrls.Cluster, ackOf: await healthy.NextAsync("the first CDS push"));

        for (var generation = 1; generation <= 8; generation++)
        {
            Publish(Big(generation));
            var response = await healthy.NextAsync($"generation {generation} while the other client reads nothing", TimeSpan.FromSeconds(10));
            Assert.That(response.VersionInfo, Is.EqualTo(CurrentVersion(TypeUrls.Cluster)), $"generation {generation}");
            await healthy.RequestAsync(TypeUrls.Cluster, ackOf: response);
        }

        var newest = CurrentVersion(TypeUrls.Cluster);
        var received = new List<string>();
        while (received.LastOrDefault() != newest && received.Count < 10)
        {
            var response = await Bounded.WaitAsync(stalled.ReadAsync(DiscoveryResponse.Parser), "the stalled client's next response");
            received.Add(response!.VersionInfo);
            await stalled.SendAsync(new DiscoveryRequest { TypeUrl = TypeUrls.Cluster, VersionInfo = response.VersionInfo, ResponseNonce = response.Nonce });
        }

        Assert.That(received, Has.Count.EqualTo(2), "the push it was stuck in, then the newest: the versions in between were coalesced");
        Assert.That(received[^1], Is.EqualTo(newest));
        Assert.That(Server.Ledger.Find("stalled").Single().Types[TypeUrls.Cluster].Pushes, Is.EqualTo(2));
    }
}
