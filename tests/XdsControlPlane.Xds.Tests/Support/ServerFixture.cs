using Envoy.Service.Discovery.V3;
using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Protocol;
using XdsControlPlane.Xds.Snapshots;
using XdsControlPlane.Xds.Transport;

namespace XdsControlPlane.Xds.Tests.Support;

/// <summary>
/// A real server on loopback per test, an HTTP/2 client, and barriers: a barrier asks for something that is
/// always answered, so "no response came before the barrier's" proves the server sent nothing, without sleeping.
/// </summary>
public abstract class ServerFixture
{
    /// <summary>The secret every test snapshot carries so barriers have something to ask for.</summary>
    public const string BarrierSecret = "barrier";

    protected TestXdsServer Server { get; private set; } = null!;

    protected HttpClient Http { get; private set; } = null!;

    /// <summary>Override to run the server on a manual clock.</summary>
    protected virtual TimeProvider? Clock => null;

    /// <summary>Override to change the server's options (the port is always a free one).</summary>
    protected virtual void Configure(GrpcServerOptions options)
    {
    }

    [SetUp]
    public async Task StartServer()
    {
        Server = await TestXdsServer.StartAsync(Configure, clock: Clock);
        Http = GrpcTestCall.CreateClient();
    }

    [TearDown]
    public async Task StopServer()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>Publishes the resources plus the barrier secret to the default profile.</summary>
    protected bool Publish(params IEnumerable<XdsResource>[] groups) =>
        Server.Publish(groups.SelectMany(g => g).Append(XdsResource.Create(Resources.Secret(BarrierSecret))));

    protected static IEnumerable<XdsResource> One(Google.Protobuf.IMessage message) => [XdsResource.Create(message)];

    protected string CurrentVersion(string typeUrl) => Server.Store.Get(SnapshotStore.DefaultProfile)![typeUrl].Version;

    protected Task<SotwTestStream> OpenAds() => SotwTestStream.OpenAsync(Http, Server.Address, XdsServices.AggregatedSotw);

    protected Task<DeltaTestStream> OpenDeltaAds() => DeltaTestStream.OpenAsync(Http, Server.Address, XdsServices.AggregatedDelta);

    /// <summary>Opens an ADS stream whose first request (carrying the node) is for <paramref name="typeUrl"/>.</summary>
    protected async Task<SotwTestStream> OpenAds(string typeUrl, IEnumerable<string>? names = null, string nodeId = "node-1")
    {
        var ads = await OpenAds();
        await ads.RequestAsync(typeUrl, names, node: SotwTestStream.TestNode(nodeId));
        return ads;
    }

    /// <summary>
    /// Proves the server sent nothing on <paramref name="ads"/> since the last read: re-subscribes SDS to the
    /// barrier secret (a new name, so always answered, P12) and requires that to be the next response.
    /// </summary>
    protected static async Task AssertNothingSentAsync(SotwTestStream ads, string because)
    {
        await ads.RequestAsync(TypeUrls.Secret, []);
        await ads.RequestAsync(TypeUrls.Secret, [BarrierSecret]);
        var next = await ads.NextAsync("the barrier's SDS response");
        Assert.That(next.TypeUrl, Is.EqualTo(TypeUrls.Secret),
            $"expected no response ({because}), but got {next.TypeUrl} version {next.VersionInfo}: [{string.Join(", ", Resources.Names(next))}]");
    }

    /// <summary>Delta barrier: an explicit subscribe is always answered (P16).</summary>
    protected static async Task AssertNothingSentAsync(DeltaTestStream ads, string because)
    {
        await ads.RequestAsync(TypeUrls.Secret, subscribe: [BarrierSecret]);
        var next = await ads.NextAsync("the barrier's SDS response");
        Assert.That(next.TypeUrl, Is.EqualTo(TypeUrls.Secret),
            $"expected no response ({because}), but got {next.TypeUrl}: [{string.Join(", ", next.Resources.Select(r => r.Name))}] removed [{string.Join(", ", next.RemovedResources)}]");
    }

    /// <summary>ACKs a SotW response with the same names.</summary>
    protected static Task AckAsync(SotwTestStream ads, DiscoveryResponse response, IEnumerable<string>? names = null) =>
        ads.RequestAsync(response.TypeUrl, names, ackOf: response);
}
