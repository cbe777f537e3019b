using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Snapshots;
using XdsControlPlane.Xds.Tests.Support;

namespace XdsControlPlane.Xds.Tests.Protocol;

/// <summary>Subscriptions, wildcards and removal in State of the World (P12–P15, P18, P19, P27, P29).</summary>
public sealed class SotwSubscriptionTests : ServerFixture
{
    [Test]
    public async Task P12_GrowingNamesSendsTheNewlyNamedEvenIfUnchanged()
    {
        Publish(Resources.Service("a"), Resources.Service("b"));
        await using var ads = await OpenAds(TypeUrls.RouteConfiguration, ["a-route"]);
        var first = await ads.NextAsync("RDS a-route");

        await ads.RequestAsync(TypeUrls.RouteConfiguration, ["a-route", "b-route"], ackOf: first);
        var second = await ads.NextAsync("RDS after naming b-route");

        // P30: the client keeps a-route (unchanged), so the answer carries the newly named b-route alone.
        Assert.That(Resources.Names(second), Is.EqualTo(new[] { "b-route" }));
    }

    [Test]
    public async Task P12_ResubscribingAfterDroppingANameSendsItAgain()
    {
        Publish(Resources.Service("a"));
        await using var ads = await OpenAds(TypeUrls.RouteConfiguration, ["a-route"]);
        var first = await ads.NextAsync("RDS a-route");
        await ads.RequestAsync(TypeUrls.RouteConfiguration, ["other"], ackOf: first);
        await AssertNothingSentAsync(ads, "dropping a name needs no response");

        await ads.RequestAsync(TypeUrls.RouteConfiguration, ["other", "a-route"], ackOf: first);
        var again = await ads.NextAsync("RDS a-route again");

        Assert.That(Resources.Names(again), Is.EqualTo(new[] { "a-route" }));
    }

    [Test]
    public async Task P13_EmptyNamesAreWildcardOnlyUntilTheClientNamesSomething()
    {
        Publish(Resources.Service("a"), Resources.Service("b"));
        await using var ads = await OpenAds(TypeUrls.Cluster);
        var all = await ads.NextAsync("CDS wildcard");
        Assert.That(Resources.Names(all), Is.EqualTo(new[] { "a-cluster", "b-cluster" }));

        await ads.RequestAsync(TypeUrls.Cluster, ["a-cluster"], ackOf: all);
        var named = await ads.NextAsync("CDS named a-cluster (full state: b goes away)");
        Assert.That(Resources.Names(named), Is.EqualTo(new[] { "a-cluster" }));

        // After naming something, an empty list means "nothing", not wildcard again: the full state is now empty.
        await ads.RequestAsync(TypeUrls.Cluster, [], ackOf: named);
        var nothing = await ads.NextAsync("CDS for an empty subscription");
        Assert.That(nothing.Resources, Is.Empty);
        await AckAsync(ads, nothing, []);
        Publish(Resources.Service("a"), Resources.Service("b"), Resources.Service("c"));
        await AssertNothingSentAsync(ads, "the client subscribes to nothing");
    }

    [Test]
    public async Task P14_StarMeansWildcardPlusNamedAndDroppingItEndsTheWildcard()
    {
        Publish(Resources.Service("a"));
        await using var ads = await OpenAds(TypeUrls.Cluster, ["*", "future-cluster"]);
        var first = await ads.NextAsync("CDS with *");
        Assert.That(Resources.Names(first), Is.EqualTo(new[] { "a-cluster" }));

        Publish(Resources.Service("a"), Resources.Service("b"));
        var second = await ads.NextAsync("CDS wildcard sees b-cluster");
        Assert.That(Resources.Names(second), Is.EqualTo(new[] { "a-cluster", "b-cluster" }));

        await ads.RequestAsync(TypeUrls.Cluster, ["a-cluster"], ackOf: second);
        var third = await ads.NextAsync("CDS without * (b-cluster no longer wanted)");
        Assert.That(Resources.Names(third), Is.EqualTo(new[] { "a-cluster" }));
        Publish(Resources.Service("a"), Resources.Service("b"), Resources.Service("c"));
        await AssertNothingSentAsync(ads, "wildcard ended; c-cluster is not named");
    }

    [Test]
    public async Task P15_ANameThatDoesNotExistYetIsSentWhenItAppears()
    {
        Publish(Resources.Service("a"));
        await using var ads = await OpenAds(TypeUrls.ClusterLoadAssignment, ["later-cluster"]);
        await AssertNothingSentAsync(ads, "later-cluster does not exist yet");

        Publish(Resources.Service("a"), Resources.Service("later"));
        var response = await ads.NextAsync("EDS later-cluster once it exists");

        Assert.That(Resources.Names(response), Is.EqualTo(new[] { "later-cluster" }));
    }

    [Test]
    public async Task P18_FullStateTypesDeleteByOmissionAndAnEmptyResponseDeletesAll()
    {
        Publish(Resources.Service("a"), Resources.Service("b"));
        await using var ads = await OpenAds(TypeUrls.Listener);
        var both = await ads.NextAsync("LDS a, b");
        Assert.That(Resources.Names(both), Is.EqualTo(new[] { "a", "b" }));

        Publish(Resources.Service("a"));
        var onlyA = await ads.NextAsync("LDS without b");
        Assert.That(Resources.Names(onlyA), Is.EqualTo(new[] { "a" }));

        Publish([]);
        var none = await ads.NextAsync("empty LDS");
        Assert.That(none.Resources, Is.Empty);
        Assert.That(none.VersionInfo, Is.Not.Empty);
    }

    [Test]
    public async Task P18_TheFirstFullStateResponseIsSentEvenWhenEmpty()
    {
        Publish([]);
        await using var ads = await OpenAds(TypeUrls.Cluster);

        var response = await ads.NextAsync("an empty but authoritative CDS");

        Assert.That(response.Resources, Is.Empty);
    }

    [Test]
    public async Task P19_RdsEdsSdsCarryOnlyRequestedNamesAndDoNotAnnounceRemovals()
    {
        Publish(Resources.Service("a"), Resources.Service("b"), Resources.Service("c"));
        await using var ads = await OpenAds(TypeUrls.RouteConfiguration, ["a-route", "c-route"]);
        var routes = await ads.NextAsync("RDS a, c");
        Assert.That(Resources.Names(routes), Is.EqualTo(new[] { "a-route", "c-route" }));
        await AckAsync(ads, routes, ["a-route", "c-route"]);

        // c-route disappears: removal follows from its listener going away, no RDS response is needed.
        Publish(Resources.Service("a"), Resources.Service("b"));
        await AssertNothingSentAsync(ads, "RDS removal is implied by the parent listener's removal");
    }

    [Test]
    public async Task P27_XdstpNamesAreOpaque()
    {
        const string name = "xdstp://example.org/envoy.config.cluster.v3.Cluster/ns/a?x=1";
        Publish(One(Resources.Cluster(name)), One(Resources.Endpoints(name, ("127.0.0.1", 1))));
        await using var ads = await OpenAds(TypeUrls.ClusterLoadAssignment, [name]);

        var response = await ads.NextAsync("EDS by xdstp name");

        Assert.That(Resources.Names(response), Is.EqualTo(new[] { name }));
    }

    [Test]
    public async Task P29_AGrpcClientGetsOnlyTheListenersItNames()
    {
        Publish(Resources.Service("grpc-target"), Resources.Service("envoy-gw", apiListener: false));
        await using var ads = await OpenAds(TypeUrls.Listener, ["grpc-target"], nodeId: "grpc-client");

        var response = await ads.NextAsync("LDS for the gRPC target");

        Assert.That(Resources.Names(response), Is.EqualTo(new[] { "grpc-target" }));
        var listener = response.Resources[0].Unpack<Envoy.Config.Listener.V3.Listener>();
        Assert.That(listener.ApiListener, Is.Not.Null, "proxyless gRPC needs an api_listener");
    }
}
