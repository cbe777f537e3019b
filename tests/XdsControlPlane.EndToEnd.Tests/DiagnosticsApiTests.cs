using System.Diagnostics;
using System.Text.Json.Nodes;

namespace XdsControlPlane.EndToEnd.Tests;

/// <summary>
/// The real server binary, the real @grpc/grpc-js-xds client and the diagnostics API: a configuration the client
/// rejects shows up in <c>/api/v1/proxies</c> as ERROR with the client's own message, moves the NACK counter in
/// <c>/metrics</c>, and clears once a good configuration is ACKed.
/// </summary>
[NonParallelizable]
public sealed class DiagnosticsApiTests : ManifestFixture
{
    private const string NodeId = "manifest-e2e";

    // The gRPC client poses as the Envoy of Gateway "gw" (node metadata gateway: default/gw) and asks for its listener:
    // a Gateway listener whose HTTP filters include CORS (from a policy), which grpc-js-xds does not know and rejects.
    // The compiler never sends proxyless clients what they reject, so a node claiming the wrong profile is the honest
    // way to make the real client NACK what the real server sends.
    private const string Listener = "default/gw/8080";

    private const string Gateway = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: GatewayClass
        metadata: {name: xds-control-plane}
        spec: {controllerName: xds.controlplane.io/gateway-controller}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: gw, namespace: default}
        spec:
          gatewayClassName: xds-control-plane
          listeners: [{name: http, port: 8080, protocol: HTTP}]
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: echo, namespace: default}
        spec:
          parentRefs: [{name: gw}]
          rules: [{backendRefs: [{name: echo-v1, port: 50051}]}]
        """;

    private const string Cors = """
        apiVersion: xds.controlplane.io/v1alpha1
        kind: XdsPolicy
        metadata: {name: gw-cors, namespace: default}
        spec:
          targetRef: {kind: Gateway, name: gw}
          cors: {allowOrigins: ["https://app.example.com"], allowMethods: [GET]}
        """;

    private static async Task<JsonNode?> LdsAsync(HttpClient http) =>
        JsonNode.Parse(await http.GetStringAsync("api/v1/proxies"))!.AsArray()
            .SingleOrDefault(r => (string?)r!["nodeId"] == NodeId)?["types"]?["LDS"];

    [Test]
    public async Task ClientRejectsAnUpdate_ProxiesShowErrorWithItsMessage_NackCounterMoves_ThenAGoodUpdateIsSynced()
    {
        await WriteAsync("services.yaml", Services(50001, 50002));
        await WriteAsync("gateway.yaml", Gateway);
        var server = await ServerProcess.StartAsync(Dir, Wait);
        await using var serverOwner = server;
        await using var client = NodeProcess.Start("xds-client.js", null, "--xds-server", $"127.0.0.1:{server.XdsPort}",
            "--node-id", NodeId, "--target", Listener, "--metadata", """{"gateway":"default/gw"}""");
        await client.ReadEventAsync("ready", Wait);
        using var http = new HttpClient { BaseAddress = server.Admin };
        await UntilAsync(async () => (string?)(await LdsAsync(http))?["status"] == "SYNCED", "the client to ACK the listener without CORS", server);
        var row = JsonNode.Parse(await http.GetStringAsync("api/v1/proxies"))!.AsArray().Single(r => (string?)r!["nodeId"] == NodeId)!;
        Assert.Multiple(() =>
        {
            Assert.That((string?)row["client"]!["kind"], Is.EqualTo("grpc"), row.ToJsonString());
            Assert.That((string?)row["profile"], Is.EqualTo("gateway/default/gw"));
            Assert.That(row["protocol"]!.ToJsonString(), Is.EqualTo("""{"variant":"sotw","transport":"ads"}"""));
        });
        var nacksBefore = NackCount(await http.GetStringAsync("metrics"));

        await WriteAsync("policy.yaml", Cors);
        await UntilAsync(async () => (string?)(await LdsAsync(http))?["status"] == "ERROR", "the client to NACK the listener with CORS", server);

        var failed = (await LdsAsync(http))!;
        var metrics = await http.GetStringAsync("metrics");
        Assert.Multiple(() =>
        {
            Assert.That((string?)failed["lastError"]!["message"], Does.Contain("envoy.filters.http.cors"), failed.ToJsonString());
            Assert.That((long)failed["errors"]!, Is.GreaterThanOrEqualTo(1));
            Assert.That((string?)failed["acked"]!["version"], Is.Not.EqualTo((string?)failed["lastError"]!["version"]), "the client stays on what it accepted");
            Assert.That(NackCount(metrics), Is.GreaterThan(nacksBefore));
        });
        var table = await RunCliAsync(server, "status");
        Assert.That(table, Does.Match(@"manifest-e2e\s+gateway/default/gw\s+grpc \S+\s+sotw/ads\s+E\s.*xDS response validation errors"), table);

        File.Delete(Path.Combine(Dir, "policy.yaml"));
        await UntilAsync(async () => (string?)(await LdsAsync(http))?["status"] == "SYNCED", "the client to ACK the listener without CORS again", server);
        Assert.That((long)(await LdsAsync(http))!["errors"]!, Is.EqualTo((long)failed["errors"]!), "no NACK after the good update");
    }

    private static double NackCount(string metrics) =>
        metrics.Split('\n').Where(l => l.StartsWith("xds_nacks_total{type=\"LDS\"} ", StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture)).SingleOrDefault();

    /// <summary>Runs the server binary as a CLI (<c>XdsControlPlane status --server …</c>) and returns its output.</summary>
    private static async Task<string> RunCliAsync(ServerProcess server, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "XdsControlPlane.dll"));
        foreach (var arg in args.Concat(["--server", server.Admin.ToString()]))
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(Wait);
        await process.WaitForExitAsync(cts.Token);
        Assert.That(process.ExitCode, Is.Zero, await error);
        return await output;
    }
}
