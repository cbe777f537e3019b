using System.Text.Json.Nodes;

namespace XdsControlPlane.EndToEnd.Tests;

/// <summary>
/// The real server binary and <c>--controller-name</c>: a Gateway whose GatewayClass names another controller is not
/// served (and not reported as an error) until the server is told that controller is itself.
/// </summary>
public sealed class ControllerNameTests : ManifestFixture
{
    private const string Profile = "gateway/default/gw";

    private const string Gateway = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: GatewayClass
        metadata: {name: custom}
        spec: {controllerName: example.com/custom-controller}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: gw, namespace: default}
        spec:
          gatewayClassName: custom
          listeners: [{name: http, port: 8080, protocol: HTTP}]
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: echo, namespace: default}
        spec:
          parentRefs: [{name: gw}]
          rules: [{backendRefs: [{name: echo-v1, port: 50051}]}]
        """;

    [Test]
    public async Task ControllerNameFlag_DecidesWhetherTheGatewayOfThatClassIsServed()
    {
        await WriteAsync("services.yaml", Services(50001, 50002));
        await WriteAsync("gateway.yaml", Gateway);

        await using (var server = await ServerProcess.StartAsync(Dir, Wait))
        {
            using var http = new HttpClient { BaseAddress = server.Admin };
            Assert.That(await ProfilesAsync(http), Does.Not.Contain(Profile), "the default controller does not serve class custom");
            var errors = JsonNode.Parse(await http.GetStringAsync("api/v1/errors"))!.ToJsonString();
            Assert.That(errors, Does.Not.Contain("\"gw\"").And.Not.Contain("\"echo\""), "another controller's Gateway and its routes are not errors of ours");
        }

        await using (var server = await ServerProcess.StartAsync(Dir, Wait, null, "--controller-name", "example.com/custom-controller"))
        {
            using var http = new HttpClient { BaseAddress = server.Admin };
            Assert.That(await ProfilesAsync(http), Does.Contain(Profile));
            var detail = JsonNode.Parse(await http.GetStringAsync("api/v1/snapshots/current"))!;
            var listeners = detail["profiles"]![Profile]!["resources"]!["LDS"]!.AsArray();
            Assert.That(listeners.Select(l => (string?)l!["name"]), Is.EqualTo(new[] { "default/gw/8080" }));
        }
    }

    private static async Task<IReadOnlyList<string?>> ProfilesAsync(HttpClient http) =>
        [.. JsonNode.Parse(await http.GetStringAsync("api/v1/snapshots"))!["items"]![0]!["profiles"]!.AsArray().Select(p => (string?)p)];
}
