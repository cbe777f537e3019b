using Envoy.Service.Discovery.V3;
using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Snapshots;
using XdsControlPlane.Xds.Tests.Support;

namespace XdsControlPlane.Xds.Tests.Protocol;

/// <summary>P24: make-before-break push order on ADS, SotW and delta.</summary>
public sealed class AdsOrderingTests : ServerFixture
{
    /// <summary>A gateway listener whose route points at <paramref name="cluster"/>, plus that cluster and its endpoints.</summary>
    private static IEnumerable<XdsResource> Gateway(string cluster, int port = 50051) =>
    [
        XdsResource.Create(Resources.Listener("gw", "gw-route")),
        XdsResource.Create(Resources.Route("gw-route", cluster)),
        XdsResource.Create(Resources.Cluster(cluster)),
        XdsResource.Create(Resources.Endpoints(cluster, ("127.0.0.1", port))),
    ];

    [Test]
    public async Task P24_Sotw_NewClustersFirstThenRoutesThenStaleClustersRemoved()
    {
        Publish(Gateway("blue"));
        await using var ads = await OpenAds(TypeUrls.Cluster);
        await AckAsync(ads, await ads.NextAsync("CDS blue"));
        await ads.RequestAsync(TypeUrls.ClusterLoadAssignment, ["blue"]);
        await AckAsync(ads, await ads.NextAsync("EDS blue"), ["blue"]);
        await ads.RequestAsync(TypeUrls.Listener);
        await AckAsync(ads, await ads.NextAsync("LDS gw"));
        await ads.RequestAsync(TypeUrls.RouteConfiguration, ["gw-route"]);
        await AckAsync(ads, await ads.NextAsync("RDS gw-route"), ["gw-route"]);
        await AssertNothingSentAsync(ads, "all ACKed");

        // Blue → green: the route moves to a new cluster and the old cluster disappears.
        Publish(Gateway("green", 6000));
        var pushes = new List<DiscoveryResponse>();
        for (var i = 0; i < 3; i++)
        {
            pushes.Add(await ads.NextAsync($"push {i + 1} of 3 after blue → green"));
        }

        await AssertNothingSentAsync(ads, "three pushes were expected");
        Assert.That(pushes.Select(p => TypeUrls.ShortName(p.TypeUrl)), Is.EqualTo(new[] { "CDS", "RDS", "CDS" }));
        Assert.That(Resources.Names(pushes[0]), Is.EqualTo(new[] { "blue", "green" }), "the new cluster is added while the old one stays");
        Assert.That(pushes[1].Resources[0].Unpack<Envoy.Config.Route.V3.RouteConfiguration>().VirtualHosts[0].Routes[0].Route_.Cluster, Is.EqualTo("green"));
        Assert.That(Resources.Names(pushes[2]), Is.EqualTo(new[] { "green" }), "blue goes only after the route stopped using it");
    }

    [Test]
    public async Task P24_Sotw_OrderIsClustersEndpointsListenersRoutes()
    {
        Publish(Gateway("blue"));
        await using var ads = await OpenAds(TypeUrls.RouteConfiguration, ["gw-route", "gw2-route"]);
        await AckAsync(ads, await ads.NextAsync("RDS"), ["gw-route", "gw2-route"]);
        await ads.RequestAsync(TypeUrls.Listener);
        await AckAsync(ads, await ads.NextAsync("LDS"));
        await ads.RequestAsync(TypeUrls.ClusterLoadAssignment, ["blue", "red"]);
        await AckAsync(ads, await ads.NextAsync("EDS"), ["blue", "red"]);
        await ads.RequestAsync(TypeUrls.Cluster);
        await AckAsync(ads, await ads.NextAsync("CDS"));
        await AssertNothingSentAsync(ads, "all ACKed");

        // Everything changes at once; subscription order above was deliberately reversed.
        Publish(Gateway("blue"),
        [
            XdsResource.Create(Resources.Listener("gw2", "gw2-route", 10001)),
            XdsResource.Create(Resources.Route("gw2-route", "red")),
            XdsResource.Create(Resources.Cluster("red")),
            XdsResource.Create(Resources.Endpoints("red", ("127.0.0.1", 7000))),
        ]);
        var order = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            order.Add(TypeUrls.ShortName((await ads.NextAsync($"push {i + 1} of 4")).TypeUrl));
        }

        Assert.That(order, Is.EqualTo(new[] { "CDS", "EDS", "LDS", "RDS" }));
    }

    [Test]
    public async Task P24_Delta_ClusterRemovalWaitsForTheRoutesThatStopUsingIt()
    {
        Publish(Gateway("blue"));
        await using var ads = await OpenDeltaAds();
        await ads.RequestAsync(TypeUrls.Cluster, node: SotwTestStream.TestNode("delta-gw"));
        await ads.RequestAsync(TypeUrls.Cluster, ackOf: await ads.NextAsync("CDS"));
        await ads.RequestAsync(TypeUrls.RouteConfiguration, subscribe: ["gw-route"]);
        await ads.RequestAsync(TypeUrls.RouteConfiguration, ackOf: await ads.NextAsync("RDS"));
        await AssertNothingSentAsync(ads, "all ACKed");

        Publish(Gateway("green", 6000));
        var pushes = new List<DeltaDiscoveryResponse>();
        for (var i = 0; i < 3; i++)
        {
            pushes.Add(await ads.NextAsync($"delta push {i + 1} of 3"));
        }

        Assert.That(pushes.Select(p => TypeUrls.ShortName(p.TypeUrl)), Is.EqualTo(new[] { "CDS", "RDS", "CDS" }));
        Assert.That(pushes[0].Resources.Select(r => r.Name), Is.EqualTo(new[] { "green" }));
        Assert.That(pushes[0].RemovedResources, Is.Empty);
        Assert.That(pushes[2].Resources, Is.Empty);
        Assert.That(pushes[2].RemovedResources, Is.EqualTo(new[] { "blue" }));
    }
}
