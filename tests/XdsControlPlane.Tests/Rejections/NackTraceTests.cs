using Envoy.Config.Core.V3;
using Envoy.Config.Route.V3;
using XdsControlPlane.Model;
using XdsControlPlane.Rejections;
using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Ledger;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Tests.Rejections;

/// <summary>
/// NACKs recorded in the ledger, as the xDS streams record them, traced to the source objects and fields that produced
/// the rejected resources, with the clients that reject them; and cleared by a later ACK or the stream's end.
/// </summary>
public sealed class NackTraceTests
{
    private const string Rds = TypeUrls.RouteConfiguration;
    private const string Cds = TypeUrls.Cluster;
    private const string CoreAgent = "gRPC C-core linux Python";
    private const string CoreVersion = "C-core 29.0.0 Python 1.51.1";
    private static readonly ObjectRef s_canary = new("HTTPRoute", "default", "canary");
    private static readonly ObjectRef s_other = new("HTTPRoute", "default", "other");
    private readonly ManualClock _clock = new();
    private readonly XdsResource _echoRoutes = XdsResource.Create(Config("echo.default.svc:50051", "HTTPRoute/default/canary/rule/0/match/0", "HTTPRoute/default/canary/rule/1/match/0"));
    private readonly XdsResource _webRoutes = XdsResource.Create(Config("web.default.svc:80", "HTTPRoute/default/other/rule/0/match/0"));

    private static RouteConfiguration Config(string name, params string[] routes)
    {
        var host = new VirtualHost { Name = name + "/*", Domains = { "*" } };
        host.Routes.AddRange(routes.Select(r => new Route { Name = r }));
        return new RouteConfiguration { Name = name, VirtualHosts = { host } };
    }

    private static StreamLedger Open(ProxyLedger ledger, string node, string protocol, string agent = CoreAgent, string version = CoreVersion) =>
        ledger.Open(new StreamIdentity(node, "c", "proxyless", $"{agent} {version}", protocol, true, "127.0.0.1:1")
        {
            Node = new Node { Id = node, UserAgentName = agent, UserAgentVersion = version },
        });

    [Test]
    public void Sotw_ANackOfARouteConfiguration_IsTracedToTheRoutesInIt_WithTheClient()
    {
        var ledger = new ProxyLedger(_clock);
        using var stream = Open(ledger, "core-1", "sotw");
        stream.Sent(Rds, "v1", "1", 2, [_echoRoutes, _webRoutes]);

        stream.Nacked(Rds, "v1", 3, "xDS response validation errors: [resource index 0: echo.default.svc:50051: validation error: Invalid route header matcher specified.]");

        var rejection = NackTrace.Trace(ledger.Rejecting()).Single();
        var reason = rejection.Reasons.Single();
        Assert.Multiple(() =>
        {
            Assert.That((rejection.Object, rejection.Field), Is.EqualTo((s_canary, "spec.rules")), "the indexed resource only, not the web routes");
            Assert.That((reason.Type, reason.Resource, reason.Version), Is.EqualTo(("RDS", "echo.default.svc:50051", "v1")));
            Assert.That(reason.Clients, Is.EqualTo(new[] { new RejectingClients("grpc-core", "1.51.1", 1) }));
            Assert.That(reason.Summary(), Does.StartWith("rejected by 1 client (grpc-core 1.51.1 ×1): RDS 'echo.default.svc:50051' version v1: xDS response"));
        });
    }

    [Test]
    public void Delta_ANackNamingARoute_IsTracedToThatRulesMatch()
    {
        var ledger = new ProxyLedger(_clock);
        using var stream = Open(ledger, "js-1", "delta", "gRPC Node Pure JS", "1.14.1");
        var sent = stream.Sent(Rds, "s1", "1", 2, [_echoRoutes, _webRoutes]);

        stream.Nacked(Rds, "s1", 14, "xDS response validation errors: [resource index 0: RouteConfiguration message validation failed: [virtual_hosts[echo.default.svc:50051/*].routes[HTTPRoute/default/canary/rule/1/match/0].match: bad]]", sent);

        var rejection = NackTrace.Trace(ledger.Rejecting()).Single();
        Assert.That((rejection.Object, rejection.Field, rejection.Reasons.Single().Clients.Single()),
            Is.EqualTo((s_canary, "spec.rules[1].matches[0]", new RejectingClients("grpc-js", "1.14.1", 1))));
    }

    [Test]
    public void MultipleClients_AreCountedPerKindAndRelease_AndAClusterIsTracedToItsServicePort()
    {
        var ledger = new ProxyLedger(_clock);
        var cluster = XdsResource.Create(Resources.Cluster("default/echo:50051"));
        var streams = new[]
        {
            Open(ledger, "core-1", "sotw"), Open(ledger, "core-2", "sotw"), Open(ledger, "js-1", "delta", "gRPC Node Pure JS", "1.14.1"),
        };
        foreach (var stream in streams)
        {
            stream.Nacked(Cds, "v1", 3, "unsupported lb_policy", stream.Sent(Cds, "v1", "1", 1, [cluster]));
        }

        var rejection = NackTrace.Trace(ledger.Rejecting()).Single();
        Assert.Multiple(() =>
        {
            Assert.That((rejection.Object, rejection.Field), Is.EqualTo((new ObjectRef("Service", "default", "echo"), "spec.ports[port=50051]")));
            Assert.That(rejection.Reasons.Single().Clients, Is.EqualTo(new[] { new RejectingClients("grpc-core", "1.51.1", 2), new RejectingClients("grpc-js", "1.14.1", 1) }));
        });

        foreach (var stream in streams)
        {
            stream.Dispose();
        }
    }

    [Test]
    public void ItClears_WhenTheClientAcksALaterVersion_OrDisconnects()
    {
        var ledger = new ProxyLedger(_clock);
        using var acking = Open(ledger, "core-1", "sotw");
        var leaving = Open(ledger, "core-2", "delta");
        acking.Sent(Rds, "v1", "1", 1, [_echoRoutes]);
        acking.Nacked(Rds, "v1", 3, "Invalid route header matcher specified.");
        leaving.Nacked(Rds, "v1", 3, "Invalid route header matcher specified.", leaving.Sent(Rds, "v1", "1", 1, [_echoRoutes]));
        Assert.That(NackTrace.Trace(ledger.Rejecting()).Single().Reasons.Single().Clients.Single().Count, Is.EqualTo(2));

        acking.Sent(Rds, "v2", "2", 1, [_webRoutes]);
        acking.Acked(Rds, "v2");
        Assert.That(NackTrace.Trace(ledger.Rejecting()).Single().Reasons.Single().Clients.Single().Count, Is.EqualTo(1));

        leaving.Dispose();
        Assert.That(NackTrace.Trace(ledger.Rejecting()), Is.Empty);
    }

    [Test]
    public void AHostileFleet_KeepsOnlyTheBoundedNumberOfReasonsPerObject()
    {
        var ledger = new ProxyLedger(_clock);
        var streams = Enumerable.Range(0, NackTrace.MaxReasons + 7).Select(i => Open(ledger, $"n{i}", "sotw")).ToList();
        foreach (var (stream, i) in streams.Select((s, i) => (s, i)))
        {
            stream.Sent(Rds, "v1", "1", 1, [_echoRoutes]);
            stream.Nacked(Rds, "v1", 3, $"noise {i}");
        }

        var rejection = NackTrace.Trace(ledger.Rejecting()).Single();
        Assert.Multiple(() =>
        {
            Assert.That(rejection.Reasons, Has.Count.EqualTo(NackTrace.MaxReasons));
            Assert.That(rejection.OmittedReasons, Is.EqualTo(7));
        });
        streams.ForEach(s => s.Dispose());
    }

    [Test]
    public void ANackOfAHugeResponseNamingNothing_TracesABoundedNumberOfResources()
    {
        var ledger = new ProxyLedger(_clock);
        using var stream = Open(ledger, "core-1", "sotw");
        var clusters = Enumerable.Range(0, NackTrace.MaxResourcesPerNack * 3).Select(i => XdsResource.Create(Resources.Cluster($"default/svc-{i}:80"))).ToArray();
        stream.Sent(Cds, "v1", "1", clusters.Length, clusters);

        stream.Nacked(Cds, "v1", 3, "something is wrong");

        Assert.That(NackTrace.Trace(ledger.Rejecting()), Has.Count.EqualTo(NackTrace.MaxResourcesPerNack));
    }
}
