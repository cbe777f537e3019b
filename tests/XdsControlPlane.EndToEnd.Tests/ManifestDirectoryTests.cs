using System.Text.Json.Nodes;

namespace XdsControlPlane.EndToEnd.Tests;

/// <summary>
/// The real server binary started on a manifest directory, the real @grpc/grpc-js-xds client and real backends:
/// weighted split, header routing, live edits, and a broken manifest that leaves the rest serving.
/// </summary>
[NonParallelizable]
public sealed class ManifestDirectoryTests : ManifestFixture
{
    private static string Route(int weightV1, int weightV2) => $"""
        apiVersion: gateway.networking.k8s.io/v1
        kind: GRPCRoute
        metadata: {"{"}name: echo-mesh, namespace: default{"}"}
        spec:
          parentRefs: [{"{"}kind: Service, group: "", name: echo, port: 50051{"}"}]
          rules:
            - matches:
                - method: {"{"}service: e2e.Echo, method: Hello{"}"}
                  headers: [{"{"}name: x-canary, value: "true"{"}"}]
              backendRefs: [{"{"}name: echo-v2, port: 50051{"}"}]
            - matches:
                - method: {"{"}service: e2e.Echo{"}"}
              backendRefs:
                - {"{"}name: echo-v1, port: 50051, weight: {weightV1}{"}"}
                - {"{"}name: echo-v2, port: 50051, weight: {weightV2}{"}"}
        """;

    [Test]
    public async Task ServerOnAManifestDirectory_SplitsByWeight_RoutesByHeader_FollowsEdits_AndSurvivesABrokenFile()
    {
        var (v1, v2) = (await BackendAsync("echo-v1"), await BackendAsync("echo-v2"));
        await WriteAsync("services.yaml", Services(v1, v2));
        await WriteAsync("route.yaml", Route(80, 20));
        var (server, client) = await StartAsync();
        var ready = await client.AskAsync(new { cmd = "waitOk", timeoutMs = 30000 }, "waitOk", Wait);
        Assert.That((bool)ready["ok"]!, Is.True, $"{ready}\nserver log:\n{server.LogTail}");

        // 80/20 over 400 calls: the v2 share has a standard deviation of 2%; accept 20% ± 8%.
        var split = await CallAsync(client, 400);
        Assert.That((int)split["ok"]!, Is.EqualTo(400), split.ToJsonString());
        Assert.That(Count(split, "echo-v2"), Is.InRange(48, 112), split.ToJsonString());

        var canary = await CallAsync(client, 20, new() { ["x-canary"] = "true" });
        Assert.That(Count(canary, "echo-v2"), Is.EqualTo(20), canary.ToJsonString());

        // A live edit: all traffic to v1.
        await WriteAsync("route.yaml", Route(1, 0));
        await UntilAsync(async () => Count(await CallAsync(client, 20), "echo-v1") == 20, "the edited weights to take effect", server);

        // A broken file is reported with its file and line; routing keeps working on everything else.
        await WriteAsync("broken.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: bad\n  namespace: default\n");
        using var http = new HttpClient { BaseAddress = server.Admin };
        await UntilAsync(async () => (await http.GetStringAsync("api/v1/errors")).Contains("broken.yaml", StringComparison.Ordinal),
            "the broken file to be reported by /api/v1/errors", server);
        var errors = JsonNode.Parse(await http.GetStringAsync("api/v1/errors"))!.AsArray();
        var fileError = errors.Single(e => ((string?)e!["name"])?.Contains("broken.yaml", StringComparison.Ordinal) == true)!;
        Assert.That((string?)fileError["errors"]![0]!["message"], Does.Match(@"line \d+"));
        var after = await CallAsync(client, 20);
        Assert.That(Count(after, "echo-v1"), Is.EqualTo(20), after.ToJsonString());
    }
}
