using Envoy.Service.Discovery.V3;
using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Protocol;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Tests.Support;

/// <summary>
/// A SotW ADS client for diagnostics tests, with a barrier: each barrier subscribes SDS to one more of the
/// <see cref="BarrierSecrets"/> (a growing set is always answered, P12); once its response arrives, the server has
/// processed everything sent before it, so what the ledger says can be asserted without waiting.
/// </summary>
internal sealed class AdsClient(SotwTestStream stream) : IAsyncDisposable
{
    private int _barriers;

    /// <summary>Secrets every snapshot of these tests carries for the barrier.</summary>
    public static IEnumerable<XdsResource> BarrierSecrets => Enumerable.Range(1, 8).Select(i => XdsResource.Create(Resources.Secret($"barrier-{i}")));

    public SotwTestStream Stream { get; } = stream;

    /// <summary>An EDS cluster and its endpoints (a snapshot with one needs the other, P25).</summary>
    public static IEnumerable<XdsResource> Cluster(string name) =>
        [XdsResource.Create(Resources.Cluster(name)), XdsResource.Create(Resources.Endpoints(name, ("127.0.0.1", 50051)))];

    public static async Task<AdsClient> ConnectAsync(DiagnosticsHost host, HttpClient http, string nodeId, string? profile = null)
    {
        var stream = await SotwTestStream.OpenAsync(http, host.Xds.Address, XdsServices.AggregatedSotw);
        await stream.RequestAsync(TypeUrls.Cluster, node: SotwTestStream.TestNode(nodeId, profile));
        return new AdsClient(stream);
    }

    /// <summary>Publishes <paramref name="resources"/> plus the barrier secrets to the default profile.</summary>
    public static void Publish(DiagnosticsHost host, params IEnumerable<XdsResource>[] resources) =>
        host.Xds.Publish(resources.SelectMany(r => r).Concat(BarrierSecrets));

    public async Task<DiscoveryResponse> NextAsync(string typeUrl)
    {
        var response = await Stream.NextAsync($"a {TypeUrls.ShortName(typeUrl)} response");
        Assert.That(response.TypeUrl, Is.EqualTo(typeUrl));
        return response;
    }

    public Task AckAsync(DiscoveryResponse response) => Stream.RequestAsync(response.TypeUrl, ackOf: response);

    public Task NackAsync(DiscoveryResponse response, string message) => Stream.NackAsync(response, string.Empty, message);

    /// <summary>Returns once the server has handled every request sent before.</summary>
    public async Task BarrierAsync()
    {
        _barriers++;
        await Stream.RequestAsync(TypeUrls.Secret, Enumerable.Range(1, _barriers).Select(i => $"barrier-{i}"));
        await NextAsync(TypeUrls.Secret);
    }

    public ValueTask DisposeAsync() => Stream.DisposeAsync();
}
