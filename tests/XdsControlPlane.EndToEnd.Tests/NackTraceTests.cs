using System.Text.Json.Nodes;

namespace XdsControlPlane.EndToEnd.Tests;

/// <summary>
/// A real client's NACK traced to the HTTPRoute that caused it: gRPC C-core 1.51.1 (Debian's python3-grpcio) told to
/// take the standard proxyless encoding (node metadata <c>xds.profile: proxyless</c>, which bypasses its encoding
/// variant) NACKs a header match (<c>HeaderMatcher.string_match</c> came in 1.56). The server binary reports it in
/// <c>/api/v1/errors</c> on the route, not on the route it did not concern, and clears it once the client ACKs the
/// route configuration without the header match.
/// </summary>
[NonParallelizable]
public sealed class NackTraceTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(60);
    private const string Target = "echo.default.svc:50051";

    private static string Manifests(bool headerMatch) => $$"""
        apiVersion: v1
        kind: Service
        metadata: {name: echo, namespace: default}
        spec: {ports: [{name: grpc, port: 50051}]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: default}
        spec: {ports: [{name: grpc, port: 50052}]}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: canary, namespace: default}
        spec:
          parentRefs: [{group: "", kind: Service, name: echo, port: 50051}]
          rules:
          - {{(headerMatch ? "matches: [{headers: [{name: x-canary, value: \"true\"}]}]" : "matches: [{path: {type: PathPrefix, value: /e2e.Echo/}}]")}}
            backendRefs: [{name: echo, port: 50051}]
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: plain, namespace: default}
        spec:
          parentRefs: [{group: "", kind: Service, name: web, port: 50052}]
          rules:
          - matches: [{headers: [{name: x-canary, value: "true"}]}]
            backendRefs: [{name: web, port: 50052}]
        """;

    [Test]
    public async Task CCore151_NackOfAHeaderMatch_IsReportedOnTheHttpRoute_WithTheClient_UntilItAcksTheFix()
    {
        if (CCore.Missing() is { } missing)
        {
            CCore.FailOrIgnore(missing);
        }

        var dir = Directory.CreateTempSubdirectory("xds-nack-").FullName;
        try
        {
            var file = Path.Combine(dir, "routes.yaml");
            await File.WriteAllTextAsync(file, Manifests(headerMatch: true));
            await using var server = await ServerProcess.StartAsync(dir, s_wait);
            await using var client = NodeProcess.StartPython("xds_client.py", null,
                "--xds-server", $"127.0.0.1:{server.XdsPort}", "--node-id", "core-standard", "--target", Target, "--metadata", """{"xds.profile":"proxyless"}""");
            await client.ReadEventAsync("ready", s_wait);
            using var admin = new HttpClient { BaseAddress = server.Admin };
            // A call makes the channel resolve: LDS, then the RouteConfiguration it NACKs.
            await client.AskAsync(new { cmd = "call", count = 1, deadlineMs = 2000, name = "e2e" }, "result", s_wait);

            var rejected = await UntilAsync(admin, rows => Rejections(rows).Any(), "the client's NACK in /api/v1/errors", server, client);
            var (obj, error) = Rejections(rejected).Single();
            Assert.Multiple(() =>
            {
                Assert.That(obj, Is.EqualTo("HTTPRoute default/canary"), error.ToJsonString());
                Assert.That((string?)error["field"], Is.EqualTo("spec.rules[0].matches[0]"));
                Assert.That(error["clients"]!.ToJsonString(), Is.EqualTo("""[{"kind":"grpc-core","version":"1.51.1","count":1}]"""));
                Assert.That(((string?)error["rejected"]!["type"], (string?)error["rejected"]!["resource"]), Is.EqualTo(("RDS", Target)));
                Assert.That((string?)error["rejected"]!["message"], Does.Contain("Invalid route header matcher specified"));
            });

            await File.WriteAllTextAsync(file, Manifests(headerMatch: false));
            await UntilAsync(admin, rows => !Rejections(rows).Any(), "the rejection to clear once the client ACKs the route without the header match", server, client);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static IEnumerable<(string Object, JsonObject Error)> Rejections(JsonArray rows) =>
        from row in rows.OfType<JsonObject>()
        from error in row["errors"]!.AsArray().OfType<JsonObject>()
        where (string?)error["reason"] == "RejectedByClient"
        select ($"{row["kind"]} {row["namespace"]}/{row["name"]}", error);

    private static async Task<JsonArray> UntilAsync(HttpClient admin, Func<JsonArray, bool> condition, string awaiting, ServerProcess server, NodeProcess client)
    {
        using var timeout = new CancellationTokenSource(s_wait);
        while (true)
        {
            var rows = JsonNode.Parse(await admin.GetStringAsync(new Uri("api/v1/errors", UriKind.Relative)))!.AsArray();
            if (condition(rows))
            {
                return rows;
            }

            try
            {
                await Task.Delay(200, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"timed out after {s_wait} waiting for {awaiting}; errors: {rows.ToJsonString()}\nserver:\n{server.LogTail}\nclient:\n{client.StderrTail}");
            }
        }
    }
}
