using Grpc.Core;
using Grpc.Health.V1;
using Grpc.HealthCheck;
using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Snapshots;
using XdsControlPlane.Xds.Tests.Transport;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace XdsControlPlane.Xds.Tests;

/// <summary><c>grpc.health.v1</c> on the xDS port: not serving before the first snapshot and while shutting down.</summary>
public sealed class HealthTests
{
    private const string Ads = "envoy.service.discovery.v3.AggregatedDiscoveryService";

    private static Health.HealthClient Client(HttpClient http, TestXdsServer server) => new(GrpcClient.Channel(http, server.Address));

    [Test]
    public async Task Check_IsNotServingUntilTheFirstSnapshotIsPublished_ThenServing()
    {
        await using var server = await TestXdsServer.StartAsync();
        using var http = GrpcTestCall.CreateClient();
        var health = Client(http, server);

        var before = await health.CheckAsync(new HealthCheckRequest());
        var adsBefore = await health.CheckAsync(new HealthCheckRequest { Service = Ads });
        server.Publish(Resources.Service("a"));
        var after = await health.CheckAsync(new HealthCheckRequest());
        var adsAfter = await health.CheckAsync(new HealthCheckRequest { Service = Ads });

        Assert.That((before.Status, adsBefore.Status), Is.EqualTo((ServingStatus.NotServing, ServingStatus.NotServing)));
        Assert.That((after.Status, adsAfter.Status), Is.EqualTo((ServingStatus.Serving, ServingStatus.Serving)));
    }

    private static IEnumerable<TestCaseData> ReportedServices() => XdsHealth.ServiceNames
        .Select(name => new TestCaseData(name).SetName($"Check_Reports_{(name.Length == 0 ? "TheServer" : name)}"));

    [TestCaseSource(nameof(ReportedServices))]
    public async Task Check_ReportsTheServerAndEveryService(string service)
    {
        await using var server = await TestXdsServer.StartAsync();
        using var http = GrpcTestCall.CreateClient();
        server.Publish(Resources.Service("a"));

        var response = await Client(http, server).CheckAsync(new HealthCheckRequest { Service = service });

        Assert.That(response.Status, Is.EqualTo(ServingStatus.Serving));
    }

    [Test]
    public void ServiceNames_AreTheServerAdsThePerTypeServicesAndCsds() =>
        Assert.That(XdsHealth.ServiceNames, Is.EquivalentTo(new[]
        {
            "", Ads, "envoy.service.status.v3.ClientStatusDiscoveryService",
            "envoy.service.listener.v3.ListenerDiscoveryService", "envoy.service.route.v3.RouteDiscoveryService",
            "envoy.service.cluster.v3.ClusterDiscoveryService", "envoy.service.endpoint.v3.EndpointDiscoveryService",
            "envoy.service.secret.v3.SecretDiscoveryService",
        }));

    [Test]
    public async Task Watch_FollowsThePublish_AndStoppingTheServerEndsItWithUnavailable()
    {
        await using var server = await TestXdsServer.StartAsync();
        using var http = GrpcTestCall.CreateClient();
        using var watch = Client(http, server).Watch(new HealthCheckRequest());
        var responses = watch.ResponseStream;

        Assert.That(await Bounded.WaitAsync(responses.MoveNext(), "the first status"), Is.True);
        var first = responses.Current.Status;
        server.Publish(Resources.Service("a"));
        Assert.That(await Bounded.WaitAsync(responses.MoveNext(), "the status after the publish"), Is.True);
        var published = responses.Current.Status;
        var stopping = server.Server.StopAsync();
        var afterStop = new List<ServingStatus>();
        var ended = Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await Bounded.WaitAsync(responses.MoveNext(), "the watch to end after shutdown began"))
            {
                afterStop.Add(responses.Current.Status);
            }
        });
        await Bounded.WaitAsync(stopping, "the server to stop");

        Assert.That((first, published), Is.EqualTo((ServingStatus.NotServing, ServingStatus.Serving)));
        Assert.That(ended!.StatusCode, Is.EqualTo(StatusCode.Unavailable));
        Assert.That(afterStop, Has.None.EqualTo(ServingStatus.Serving), "once shutdown began only NOT_SERVING may be reported");
    }

    [Test]
    public void ShuttingDown_IsNotServingForGood_ALaterPublishDoesNotReviveIt()
    {
        var service = new HealthServiceImpl();
        var store = new SnapshotStore();
        using var health = new XdsHealth(service, store);
        store.Publish("p1", Snapshot.Create([XdsResource.Create(Resources.Secret("s1"))]));
        var serving = Status(service);

        health.ShuttingDown();
        store.Publish("p2", Snapshot.Create([XdsResource.Create(Resources.Secret("s2"))]));

        Assert.That(serving, Is.EqualTo(ServingStatus.Serving));
        Assert.That(Status(service), Is.EqualTo(ServingStatus.NotServing));
    }

    [Test]
    public void AStoreThatAlreadyHasASnapshot_IsServingFromTheStart()
    {
        var service = new HealthServiceImpl();
        var store = new SnapshotStore();
        store.Publish("pinned", Snapshot.Create([XdsResource.Create(Resources.Secret("s1"))]));

        using var health = new XdsHealth(service, store);

        Assert.That(Status(service), Is.EqualTo(ServingStatus.Serving));
    }

    private static ServingStatus Status(HealthServiceImpl service) =>
        service.Check(new HealthCheckRequest(), null!).Result.Status;
}
