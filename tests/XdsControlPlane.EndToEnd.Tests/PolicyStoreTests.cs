using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace XdsControlPlane.EndToEnd.Tests;

/// <summary>
/// The policy store end to end: a policy posted to the REST API of the real server binary changes what an already
/// connected @grpc/grpc-js-xds client does, is still applied after the server restarts on the same data directory,
/// and deleting it undoes it.
/// </summary>
[NonParallelizable]
public sealed class PolicyStoreTests : ManifestFixture
{
    private const string Route = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: GRPCRoute
        metadata: {name: echo-mesh, namespace: default}
        spec:
          parentRefs: [{kind: Service, group: "", name: echo, port: 50051}]
          rules:
            - matches: [{method: {service: e2e.Echo}}]
              backendRefs: [{name: echo, port: 50051}]
        """;

    /// <summary>Ring hash on the x-user header: each user's calls stay on one backend (round robin alternates).</summary>
    private const string RingHashPolicy = """
        {"apiVersion": "xds.controlplane.io/v1alpha1", "kind": "XdsPolicy",
         "metadata": {"name": "sticky-users", "namespace": "default"},
         "spec": {"targetRef": {"kind": "Service", "name": "echo"}, "loadBalancer": {"type": "RingHash", "hashOn": [{"header": "x-user"}]}}}
        """;

    // echo's own EndpointSlices list both backends, so one cluster with two endpoints is balanced over.
    private static string Endpoints(int v1, int v2) => $"""
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata: {"{"}name: echo-1, namespace: default, labels: {"{"}kubernetes.io/service-name: echo{"}"}{"}"}
        addressType: IPv4
        ports: [{"{"}name: grpc, port: {v1}{"}"}]
        endpoints: [{"{"}addresses: ["127.0.0.1"], conditions: {"{"}ready: true{"}"}{"}"}]
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata: {"{"}name: echo-2, namespace: default, labels: {"{"}kubernetes.io/service-name: echo{"}"}{"}"}
        addressType: IPv4
        ports: [{"{"}name: grpc, port: {v2}{"}"}]
        endpoints: [{"{"}addresses: ["127.0.0.1"], conditions: {"{"}ready: true{"}"}{"}"}]
        """;

    private static async Task<NodeProcess> ClientAsync(ServerProcess server)
    {
        var client = NodeProcess.Start("xds-client.js", null, "--xds-server", $"127.0.0.1:{server.XdsPort}", "--node-id", "policy-store-e2e", "--target", "echo.default.svc:50051");
        await client.ReadEventAsync("ready", Wait);
        var ready = await client.AskAsync(new { cmd = "waitOk", timeoutMs = 30000 }, "waitOk", Wait);
        Assert.That((bool)ready["ok"]!, Is.True, $"{ready}\nserver log:\n{server.LogTail}");
        return client;
    }

    /// <summary>How many backends each of four users' eight calls reached.</summary>
    private static async Task<int[]> BackendsPerUserAsync(NodeProcess client)
    {
        var counts = new int[4];
        for (var user = 0; user < counts.Length; user++)
        {
            var result = await CallAsync(client, 8, new() { ["x-user"] = $"user-{user}" });
            Assert.That((int)result["ok"]!, Is.EqualTo(8), result.ToJsonString());
            counts[user] = result["byBackend"]!.AsObject().Count;
        }

        return counts;
    }

    [Test]
    public async Task APostedPolicy_ChangesAConnectedClient_SurvivesARestart_AndItsDeletionUndoesIt()
    {
        var (v1, v2) = (await BackendAsync("echo-v1"), await BackendAsync("echo-v2"));
        await WriteAsync("services.yaml", Services(v1, v2));
        await WriteAsync("echo-endpoints.yaml", Endpoints(v1, v2));
        await WriteAsync("route.yaml", Route);
        var data = Directory.CreateTempSubdirectory("xds-data-").FullName;
        using var http = new HttpClient();
        try
        {
            await using (var server = await ServerProcess.StartAsync(Dir, Wait, data))
            await using (var client = await ClientAsync(server))
            {
                // The client's second subchannel may still be connecting for the first calls (round robin skips it then).
                await UntilAsync(async () => (await BackendsPerUserAsync(client)).All(n => n == 2), "round robin: every user's calls alternate between the backends", server);

                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Admin, "api/v1/policies"))
                {
                    Content = new StringContent(RingHashPolicy, Encoding.UTF8, "application/json"),
                };
                request.Headers.Add("X-Actor", "e2e");
                using var created = await http.SendAsync(request);
                Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());

                await UntilAsync(async () => (await BackendsPerUserAsync(client)).All(n => n == 1), "the posted ring-hash policy to keep each user on one backend", server);
            }

            await using (var restarted = await ServerProcess.StartAsync(Dir, Wait, data))
            await using (var client = await ClientAsync(restarted))
            {
                Assert.That(await BackendsPerUserAsync(client), Has.All.EqualTo(1), $"the stored policy applies from the start\nserver log:\n{restarted.LogTail}");
                using var stored = await http.GetAsync(new Uri(restarted.Admin, "api/v1/policies/default/sticky-users"));
                var body = JsonNode.Parse(await stored.Content.ReadAsStringAsync())!;
                Assert.That(((string?)body["metadata"]!["createdBy"], (long?)body["metadata"]!["revision"]), Is.EqualTo(("e2e", 1L)));

                using var deleted = await http.DeleteAsync(new Uri(restarted.Admin, "api/v1/policies/default/sticky-users"));
                Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
                await UntilAsync(async () => (await BackendsPerUserAsync(client)).All(n => n == 2), "round robin again once the policy is deleted", restarted);
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
