using System.Text.Json.Nodes;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.EndToEnd.Tests;

/// <summary>
/// Pin and unpin against the real server binary and the real @grpc/grpc-js-xds client: a pin moves the client back
/// to the pinned configuration (its calls and its ACKed versions), unpin moves it forward again.
/// </summary>
[NonParallelizable]
public sealed class SnapshotPinTests : ManifestFixture
{
    private const string Listener = "echo.default.svc:50051";

    private static string Route(string backend) => $"""
        apiVersion: gateway.networking.k8s.io/v1
        kind: GRPCRoute
        metadata: {"{"}name: echo-mesh, namespace: default{"}"}
        spec:
          parentRefs: [{"{"}kind: Service, group: "", name: echo, port: 50051{"}"}]
          rules:
            - backendRefs: [{"{"}name: {backend}, port: 50051{"}"}]
        """;

    [Test]
    public async Task Pin_MovesTheRealClientBackToThePinnedVersion_WhichItAcks_AndUnpinMovesItForward()
    {
        var (v1, v2) = (await BackendAsync("echo-v1"), await BackendAsync("echo-v2"));
        await WriteAsync("services.yaml", Services(v1, v2));
        await WriteAsync("route.yaml", Route("echo-v1"));
        var (server, client) = await StartAsync();
        using var http = new HttpClient { BaseAddress = server.Admin };
        var ready = await client.AskAsync(new { cmd = "waitOk", timeoutMs = 30000 }, "waitOk", Wait);
        Assert.That((bool)ready["ok"]!, Is.True, $"{ready}\nserver log:\n{server.LogTail}");

        // Version A routes to v1 and the client ACKs it.
        await UntilAsync(async () => Count(await CallAsync(client, 10), "echo-v1") == 10, "version A to route every call to echo-v1", server);
        var a = await CurrentAsync(http);
        await UntilAsync(async () => await AckedAsync(http, a), $"the client to ACK version {a}'s CDS and RDS", server);

        // Version B routes to v2.
        await WriteAsync("route.yaml", Route("echo-v2"));
        await UntilAsync(async () => Count(await CallAsync(client, 10), "echo-v2") == 10, "version B to route every call to echo-v2", server);
        var b = await CurrentAsync(http);
        Assert.That(b, Is.Not.EqualTo(a));

        // Pin A: the client goes back to v1 and ACKs exactly the pinned snapshot's CDS and RDS.
        using (var pin = await http.PostAsync($"api/v1/snapshots/{a}/pin", new StringContent("{}", System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.That((int)pin.StatusCode, Is.EqualTo(200), await pin.Content.ReadAsStringAsync());
        }

        await UntilAsync(async () => Count(await CallAsync(client, 10), "echo-v1") == 10, "the pin to route every call to echo-v1 again", server);
        await UntilAsync(async () => await AckedAsync(http, a), $"the client to ACK the pinned version {a}", server);
        var view = JsonNode.Parse(await http.GetStringAsync("api/v1/snapshots/pin"))!;
        Assert.Multiple(() =>
        {
            Assert.That((string?)view["pinned"]!["version"], Is.EqualTo(a));
            Assert.That((string?)view["latest"], Is.EqualTo(b));
        });

        // Unpin: forward to B.
        using (var unpin = await http.DeleteAsync("api/v1/snapshots/pin"))
        {
            Assert.That((int)unpin.StatusCode, Is.EqualTo(200));
        }

        await UntilAsync(async () => Count(await CallAsync(client, 10), "echo-v2") == 10, "unpin to route every call to echo-v2", server);
        await UntilAsync(async () => await AckedAsync(http, b), $"the client to ACK the newest version {b}", server);
    }

    [Test]
    public async Task Pin_SurvivesAServerRestart_ANewClientIsServedThePinnedVersion()
    {
        var (v1, v2) = (await BackendAsync("echo-v1"), await BackendAsync("echo-v2"));
        await WriteAsync("services.yaml", Services(v1, v2));
        await WriteAsync("route.yaml", Route("echo-v1"));
        var data = Directory.CreateTempSubdirectory("xds-data-").FullName;
        try
        {
            string a;
            await using (var first = await ServerProcess.StartAsync(Dir, Wait, data))
            {
                using var http = new HttpClient { BaseAddress = first.Admin };
                a = await CurrentAsync(http);
                using var pin = await http.PostAsync($"api/v1/snapshots/{a}/pin", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
                Assert.That((int)pin.StatusCode, Is.EqualTo(200), await pin.Content.ReadAsStringAsync());
            }

            // The manifests now say v2, but the restarted server holds every proxy at the pinned A.
            await WriteAsync("route.yaml", Route("echo-v2"));
            await using var second = await ServerProcess.StartAsync(Dir, Wait, data);
            using var admin = new HttpClient { BaseAddress = second.Admin };
            await using var client = NodeProcess.Start("xds-client.js", null, "--xds-server", $"127.0.0.1:{second.XdsPort}", "--node-id", "manifest-e2e", "--target", Listener);
            await client.ReadEventAsync("ready", Wait);
            var calls = await CallAsync(client, 10);
            await UntilAsync(async () => await AckedAsync(admin, a), $"the new client to ACK the pinned version {a}", second);
            var view = JsonNode.Parse(await admin.GetStringAsync("api/v1/snapshots/pin"))!;

            Assert.Multiple(() =>
            {
                Assert.That(Count(calls, "echo-v1"), Is.EqualTo(10), calls.ToJsonString());
                Assert.That((string?)view["pinned"]!["version"], Is.EqualTo(a));
                Assert.That((string?)view["latest"], Is.Not.EqualTo(a), "the edited manifests compiled into a newer, unpublished version");
            });
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<string> CurrentAsync(HttpClient http) =>
        (string)JsonNode.Parse(await http.GetStringAsync("api/v1/snapshots/current"))!["version"]!;

    /// <summary>
    /// True when the client's stream has ACKed, for CDS and RDS, the versions the configuration <paramref name="version"/>
    /// gives what it subscribes to: its listener's RouteConfiguration and the clusters that route names.
    /// </summary>
    private static async Task<bool> AckedAsync(HttpClient http, string version)
    {
        var envoy = JsonNode.Parse(await http.GetStringAsync($"api/v1/snapshots/{version}?format=envoy"))!["profiles"]!["proxyless"]!;
        var detail = JsonNode.Parse(await http.GetStringAsync($"api/v1/snapshots/{version}"))!["profiles"]!["proxyless"]!["resources"]!;
        var routeName = (string)envoy["LDS"]!.AsArray().Single(l => (string?)l!["name"] == Listener)!["apiListener"]!["apiListener"]!["rds"]!["routeConfigName"]!;
        var route = envoy["RDS"]!.AsArray().Single(r => (string?)r!["name"] == routeName)!;
        var clusters = route["virtualHosts"]!.AsArray().SelectMany(h => h!["routes"]!.AsArray())
            .Select(r => (string?)r!["route"]?["cluster"]).OfType<string>().Distinct().Order(StringComparer.Ordinal);
        string VersionOf(string type, IEnumerable<string> names) => ContentHash.OfPairs(names.Select(n =>
            (n, (string)detail[type]!.AsArray().Single(r => (string?)r!["name"] == n)!["version"]!)));
        var (cds, rds) = (VersionOf("CDS", clusters), VersionOf("RDS", [routeName]));

        var rows = JsonNode.Parse(await http.GetStringAsync("api/v1/proxies"))!.AsArray();
        var types = rows.SingleOrDefault(r => (string?)r!["nodeId"] == "manifest-e2e")?["types"];
        return (string?)types?["CDS"]?["acked"]?["version"] == cds && (string?)types?["RDS"]?["acked"]?["version"] == rds;
    }
}
