using Envoy.Service.Discovery.V3;
using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Protocol;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Xds.Tests.Protocol;

/// <summary>State-of-the-World rules over real loopback HTTP/2 against the real server.</summary>
public sealed class SotwProtocolTests
{
    private TestXdsServer _server = null!;
    private HttpClient _http = null!;

    [SetUp]
    public async Task SetUp()
    {
        _server = await TestXdsServer.StartAsync();
        _http = GrpcTestCall.CreateClient();
    }

    [TearDown]
    public async Task TearDown()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private Task<SotwTestStream> Ads() => SotwTestStream.OpenAsync(_http, _server.Address, XdsServices.AggregatedSotw);

    [Test]
    public async Task P1_AdsServesClustersToAWildcardSubscriber()
    {
        _server.Publish([.. Resources.Service("a"), .. Resources.Service("b")]);
        await using var ads = await Ads();

        await ads.RequestAsync(TypeUrls.Cluster, node: SotwTestStream.TestNode("n1"));
        var response = await ads.NextAsync("CDS response");

        Assert.That(response.TypeUrl, Is.EqualTo(TypeUrls.Cluster));
        Assert.That(Resources.Names(response), Is.EqualTo(new[] { "a-cluster", "b-cluster" }));
        Assert.That(response.VersionInfo, Is.EqualTo(_server.Store.Get("default")![TypeUrls.Cluster].Version));
    }
}
