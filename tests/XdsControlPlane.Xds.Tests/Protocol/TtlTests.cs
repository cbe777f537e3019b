using Envoy.Service.Discovery.V3;
using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Snapshots;
using XdsControlPlane.Xds.Tests.Support;

namespace XdsControlPlane.Xds.Tests.Protocol;

/// <summary>P26: TTL'd resources and heartbeats, driven by a manual clock (no sleeping).</summary>
public sealed class TtlTests : ServerFixture
{
    private readonly ManualClock _clock = new();

    protected override TimeProvider? Clock => _clock;

    private void PublishWithTtl(TimeSpan ttl) =>
        Publish(Resources.Service("a").Where(r => r.TypeUrl != TypeUrls.ClusterLoadAssignment),
            [XdsResource.Create(Resources.Endpoints("a-cluster", ("127.0.0.1", 1)), ttl)]);

    [Test]
    public async Task P26_SotwClientWithResourceInSotw_GetsWrappedTtlAndBodilessHeartbeats()
    {
        PublishWithTtl(TimeSpan.FromSeconds(10));
        await using var ads = await OpenAds();
        await ads.RequestAsync(TypeUrls.ClusterLoadAssignment, ["a-cluster"],
            node: SotwTestStream.TestNode("ttl", null, "xds.config.resource-in-sotw"));

        var first = await ads.NextAsync("EDS wrapped in Resource");
        var wrapped = first.Resources.Single().Unpack<Resource>();
        Assert.That(wrapped.Ttl.ToTimeSpan(), Is.EqualTo(TimeSpan.FromSeconds(10)));
        Assert.That(wrapped.Resource_, Is.Not.Null);
        await AckAsync(ads, first, ["a-cluster"]);
        await AssertNothingSentAsync(ads, "ACK processed");

        _clock.Advance(TimeSpan.FromSeconds(5));
        var beat = await ads.NextAsync("heartbeat after half the TTL");

        Assert.That(beat.VersionInfo, Is.EqualTo(first.VersionInfo), "a heartbeat keeps the version");
        var heartbeat = beat.Resources.Single().Unpack<Resource>();
        Assert.That(heartbeat.Name, Is.EqualTo("a-cluster"));
        Assert.That(heartbeat.Resource_, Is.Null, "a heartbeat carries no body");
        Assert.That(heartbeat.Version, Is.EqualTo(wrapped.Version));
    }

    [Test]
    public async Task P26_SotwClientWithoutTheFeatureGetsPlainResourcesAndNoHeartbeats()
    {
        PublishWithTtl(TimeSpan.FromSeconds(10));
        await using var ads = await OpenAds(TypeUrls.ClusterLoadAssignment, ["a-cluster"]);

        var first = await ads.NextAsync("EDS, not wrapped");
        Assert.That(first.Resources.Single().TypeUrl, Is.EqualTo(TypeUrls.ClusterLoadAssignment));
        await AckAsync(ads, first, ["a-cluster"]);
        _clock.Advance(TimeSpan.FromSeconds(30));

        await AssertNothingSentAsync(ads, "a client that cannot unwrap Resource gets no heartbeats");
    }

    [Test]
    public async Task P26_DeltaResourcesCarryTtlAndHeartbeatsHaveNoBody()
    {
        PublishWithTtl(TimeSpan.FromSeconds(4));
        await using var ads = await OpenDeltaAds();
        await ads.RequestAsync(TypeUrls.ClusterLoadAssignment, ["a-cluster"], node: SotwTestStream.TestNode("ttl-delta"));

        var first = await ads.NextAsync("delta EDS with TTL");
        Assert.That(first.Resources.Single().Ttl.ToTimeSpan(), Is.EqualTo(TimeSpan.FromSeconds(4)));
        await ads.RequestAsync(TypeUrls.ClusterLoadAssignment, ackOf: first);
        await AssertNothingSentAsync(ads, "ACK processed");

        _clock.Advance(TimeSpan.FromSeconds(2));
        var beat = await ads.NextAsync("delta heartbeat");

        var resource = beat.Resources.Single();
        Assert.That(resource.Name, Is.EqualTo("a-cluster"));
        Assert.That(resource.Resource_, Is.Null);
        Assert.That(resource.Version, Is.EqualTo(first.Resources[0].Version));
        Assert.That(resource.Ttl.ToTimeSpan(), Is.EqualTo(TimeSpan.FromSeconds(4)));
    }
}
