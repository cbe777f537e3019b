using System.Text.Json.Nodes;
using Envoy.Config.Core.V3;
using Envoy.Config.Route.V3;
using Microsoft.Extensions.Logging.Abstractions;
using XdsControlPlane.Compiler;
using XdsControlPlane.Kubernetes;
using XdsControlPlane.Reconcile;
using XdsControlPlane.Rejections;
using XdsControlPlane.Sources.Kubernetes;
using XdsControlPlane.Testing.Kubernetes;
using XdsControlPlane.Xds.Ledger;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Tests.Kubernetes;

/// <summary>
/// The cluster's objects compiled and their statuses written back through the host's mapping and the source's
/// leader-elected writer, in process against the simulated API server: XdsPolicy status, Gateway listener status, and
/// the <c>xds.controlplane.io/RejectedByClients</c> condition of a route whose entries connected clients NACK, which goes
/// once they ACK a later version.
/// </summary>
public sealed class KubernetesStatusPipelineTests
{
    private static readonly TimeSpan _wait = TimeSpan.FromSeconds(15);
    private SimulatedApiServer _server = null!;
    private string _kubeconfig = null!;

    [SetUp]
    public async Task Start()
    {
        _server = await SimulatedApiServer.StartAsync();
        _kubeconfig = Path.Combine(Path.GetTempPath(), $"kubeconfig-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(_kubeconfig, $$$"""
            apiVersion: v1
            kind: Config
            current-context: sim
            contexts: [{name: sim, context: {cluster: sim, user: sim, namespace: default}}]
            clusters: [{name: sim, cluster: {server: "{{{_server.Address}}}"}}]
            users: [{name: sim, user: {token: t}}]
            """);
    }

    [TearDown]
    public async Task Stop()
    {
        File.Delete(_kubeconfig);
        await _server.DisposeAsync();
    }

    [Test]
    public async Task SimulatedServer_CompiledStatuses_ReachThePoliciesAndTheGatewayListeners_WithObservedGeneration()
    {
        _server.Apply(KubeObjects.Service("web", 80));
        _server.Apply(KubeObjects.GatewayClass());
        var gateway = KubeObjects.Gateway("gw");
        gateway["spec"]!["listeners"]!.AsArray().Add(JsonNode.Parse("""{"name":"tcp-only","port":9000,"protocol":"HTTP","allowedRoutes":{"kinds":[{"kind":"TCPRoute"}]}}"""));
        _server.Apply(gateway);
        _server.Apply(KubeObjects.HttpRoute("web", "gw", "web", 80));
        _server.Apply(KubeObjects.XdsPolicy("retry", "Service", "web"));
        _server.Apply(KubeObjects.XdsPolicy("orphan", "Service", "nope"));
        await using var source = new KubernetesSource(new KubernetesSourceOptions
        {
            Kubeconfig = _kubeconfig,
            LeaseNamespace = "xds",
            RetryPeriod = TimeSpan.FromMilliseconds(50),
            InitialBackoff = TimeSpan.FromMilliseconds(10),
        });

        var model = await source.StartAsync().WaitAsync(_wait);
        var result = Compiler.Compiler.Compile(model);
        source.ReportStatus(result.Statuses, [.. result.Errors, .. model.SourceErrors]);

        foreach (var path in new[] { "xdspolicies/retry/status", "xdspolicies/orphan/status", "gateways/gw/status" })
        {
            await _server.WaitForRequestAsync(r => r.Method == "PATCH" && r.Path.EndsWith(path, StringComparison.Ordinal), $"a patch of {path}", _wait);
        }

        (string?, string?, long?) Accepted(string name) =>
            _server.Get("xds.controlplane.io/v1alpha1", "XdsPolicy", "default", name)!["status"]!["conditions"]![0] is { } c
                ? ((string?)c["status"], (string?)c["reason"], (long?)c["observedGeneration"]) : default;
        Assert.That(Accepted("retry"), Is.EqualTo(("True", "Accepted", 1L)));
        Assert.That(Accepted("orphan"), Is.EqualTo(("False", "TargetNotFound", 1L)));
        var listeners = _server.Get("gateway.networking.k8s.io/v1", "Gateway", "default", "gw")!["status"]!["listeners"]!.AsArray();
        Assert.That(listeners.Select(l => ((string?)l!["name"], (int?)l["attachedRoutes"], l["supportedKinds"]!.AsArray().Count)),
            Is.EqualTo(new[] { ((string?)"http", (int?)1, 2), ("tcp-only", 0, 0) }));
        var resolved = listeners[1]!["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "ResolvedRefs")!;
        Assert.That(((string?)resolved["status"], (string?)resolved["reason"], (long?)resolved["observedGeneration"]), Is.EqualTo(("False", "InvalidRouteKinds", 1L)));
    }

    [Test]
    public async Task SimulatedServer_ARouteClientsNack_CarriesTheCondition_UntilTheyAckALaterVersion()
    {
        _server.Apply(KubeObjects.Service("web", 80));
        _server.Apply(KubeObjects.GatewayClass());
        _server.Apply(KubeObjects.Gateway("gw"));
        _server.Apply(KubeObjects.HttpRoute("web", "gw", "web", 80));
        var ledger = new ProxyLedger();
        using var rejections = new ClientRejections(ledger, TimeProvider.System, TimeSpan.FromMilliseconds(50));
        var reconciler = new Reconciler(new SnapshotStore(), NullLogger<Reconciler>.Instance);
        var options = new ControlPlaneOptions();
        (options.Kubernetes.Enabled, options.Kubernetes.Kubeconfig, options.Kubernetes.LeaseNamespace) = (true, _kubeconfig, "xds");
        (options.Kubernetes.RetryPeriod, options.Kubernetes.InitialBackoff) = (TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(10));
        await using var source = KubernetesWiring.CreateSource(options, reconciler, TimeProvider.System, NullLoggerFactory.Instance, rejections)!;
        reconciler.Apply(await source.StartAsync().WaitAsync(_wait));
        await UntilAsync(() => Conditions().Any(c => c.Type == "Accepted"), "the route's Accepted condition");
        Assert.That(Conditions().Select(c => c.Type), Does.Not.Contain(RejectionConditions.Type));

        // An Envoy of the Gateway NACKs the route configuration holding the route's entry.
        using var stream = ledger.Open(new StreamIdentity("envoy-1", "edge", "gateway/default/gw", "envoy 1.31.0", "sotw", true, "127.0.0.1:1")
        {
            Node = new Node { Id = "envoy-1", UserAgentName = "envoy", UserAgentVersion = "1.31.0" },
        });
        var config = new RouteConfiguration { Name = "default/gw/8080", VirtualHosts = { new VirtualHost { Name = "default/gw/8080/*", Routes = { new Route { Name = "HTTPRoute/default/web/rule/0/match/0" } } } } };
        stream.Sent(TypeUrls.RouteConfiguration, "v1", "1", 1, [XdsResource.Create(config)]);
        stream.Nacked(TypeUrls.RouteConfiguration, "v1", 13, "Unknown gRPC client cluster 'default/web:80'");

        await UntilAsync(() => Conditions().Any(c => c.Type == RejectionConditions.Type), "the RejectedByClients condition");
        var condition = Conditions().Single(c => c.Type == RejectionConditions.Type);
        Assert.Multiple(() =>
        {
            Assert.That((condition.Status, condition.Reason), Is.EqualTo(("True", "Nacked")));
            Assert.That(condition.Message, Is.EqualTo("spec.rules[0].matches[0]: rejected by 1 client (envoy 1.31.0 ×1): RDS 'default/gw/8080' version v1: Unknown gRPC client cluster 'default/web:80'"));
            Assert.That(Conditions().Single(c => c.Type == "Accepted").Status, Is.EqualTo("True"), "the compiler's conditions stay");
        });

        stream.Sent(TypeUrls.RouteConfiguration, "v2", "2", 1, [XdsResource.Create(new RouteConfiguration { Name = "default/gw/8080" })]);
        stream.Acked(TypeUrls.RouteConfiguration, "v2");
        await UntilAsync(() => !Conditions().Any(c => c.Type == RejectionConditions.Type), "the condition to go once a later version is ACKed");
    }

    private List<(string? Type, string? Status, string? Reason, string? Message)> Conditions() =>
        _server.Get("gateway.networking.k8s.io/v1", "HTTPRoute", "default", "web")?["status"]?["parents"] is JsonArray parents && parents.Count > 0
            ? [.. parents[0]!["conditions"]!.AsArray().Select(c => ((string?)c!["type"], (string?)c["status"], (string?)c["reason"], (string?)c["message"]))]
            : [];

    private static async Task UntilAsync(Func<bool> condition, string awaiting)
    {
        using var timeout = new CancellationTokenSource(_wait);
        while (!condition())
        {
            try
            {
                await Task.Delay(20, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"timed out after {_wait} waiting for {awaiting}");
            }
        }
    }
}
