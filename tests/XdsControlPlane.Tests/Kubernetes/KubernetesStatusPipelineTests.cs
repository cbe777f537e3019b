using System.Text.Json.Nodes;
using XdsControlPlane.Compiler;
using XdsControlPlane.Kubernetes;
using XdsControlPlane.Sources.Kubernetes;
using XdsControlPlane.Testing.Kubernetes;

namespace XdsControlPlane.Tests.Kubernetes;

/// <summary>
/// The cluster's objects compiled and their statuses written back through the host's mapping and the source's
/// leader-elected writer, in process against the simulated API server: XdsPolicy status and Gateway listener status.
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
        source.ReportStatus(KubernetesWiring.Map(result.Statuses), [.. result.Errors, .. model.SourceErrors]);

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
}
