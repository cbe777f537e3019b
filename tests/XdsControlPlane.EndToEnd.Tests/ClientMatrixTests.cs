using System.Text.Json.Nodes;
using static XdsControlPlane.EndToEnd.Tests.MatrixManifests;

namespace XdsControlPlane.EndToEnd.Tests;

/// <summary>
/// Every feature the compiler emits for proxyless clients, through two independent real xDS clients side by side:
/// @grpc/grpc-js-xds 1.14.1 (Node) and gRPC C-core 1.51.1 (Debian's python3-grpcio). Each cell either works, proved by
/// real calls (distribution, status codes; injected latency seen as a deadline status, not measured), or the feature is
/// deliberately not sent to that client and a warning on the source object names the client kind and release. One
/// server binary, six backends and one process per client serve the whole fixture; the clients run their probes
/// concurrently in the background and each cell awaits its own.
/// </summary>
[NonParallelizable]
public sealed class ClientMatrixTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(90);
    private static readonly string[] s_clients = ["grpc-js", "grpc-core"];

    private readonly List<IAsyncDisposable> _owned = [];
    private readonly Dictionary<(string Feature, string Client), Task<Dictionary<string, JsonObject>>> _probes = [];
    private readonly Dictionary<string, MatrixClient> _clients = [];
    private string _dir = null!;
    private ServerProcess _server = null!;
    private string? _coreMissing;

    /// <summary>Features in probe order, each with the calls that show it (named) and what they must show.</summary>
    private static readonly string[] s_features =
        ["WeightedSplit", "PathMatch", "HeaderMatch", "QueryMatch", "MethodMatch", "GrpcRoute", "Retries", "Timeouts", "FaultDelay", "FaultAbort", "RingHash", "OutlierDetection", "LocalityWeights"];

    private static IEnumerable<TestCaseData> Cells() =>
        from feature in s_features from client in s_clients select new TestCaseData(feature, client).SetName($"Matrix_{feature}_{client}");

    [OneTimeSetUp]
    public async Task StartEverything()
    {
        _coreMissing = CCore.Missing();
        _dir = Directory.CreateTempSubdirectory("xds-matrix-").FullName;
        var backends = new (string Name, string[] Args)[]
        {
            ("echo-v1", []), ("echo-v2", []), ("flaky", ["--fail-first-attempt", "1"]), ("slow", ["--delay-ms", "1500"]),
            ("zone-a", ["--hosts", "127.0.0.1,127.0.0.2,127.0.0.3"]), ("zone-b", []),
        };
        var ports = new Dictionary<string, int>();
        foreach (var (name, args) in backends)
        {
            var backend = NodeProcess.Start("backend.js", null, ["--port", "0", "--name", name, .. args]);
            _owned.Add(backend);
            ports[name] = (int)(await backend.ReadEventAsync("listening", s_wait))["port"]!;
        }

        await File.WriteAllTextAsync(Path.Combine(_dir, "matrix.yaml"), All(ports));
        _server = await ServerProcess.StartAsync(_dir, s_wait);
        _owned.Add(_server);
        foreach (var kind in s_clients.Where(k => k != "grpc-core" || _coreMissing is null))
        {
            var client = await MatrixClient.StartAsync(kind, _server.XdsPort, Target("split"), s_wait);
            _owned.Add(client);
            _clients[kind] = client;
            Task previous = WarmUpAsync(client);
            foreach (var feature in s_features)
            {
                var probe = ProbeAfterAsync(previous, feature, client);
                _probes[(feature, kind)] = probe;
                previous = probe;
            }
        }
    }

    [OneTimeTearDown]
    public async Task StopEverything()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }

    [TestCaseSource(nameof(Cells))]
    public async Task Feature_WorksOrIsWithheldWithAWarning(string feature, string client)
    {
        if (client == "grpc-core" && _coreMissing is not null)
        {
            CCore.FailOrIgnore(_coreMissing);
        }

        var probe = await _probes[(feature, client)].WaitAsync(TimeSpan.FromMinutes(5));
        var context = $"{client} {feature}: {string.Join("; ", probe.Select(p => $"{p.Key} {p.Value.ToJsonString()}"))}";
        var core = client == "grpc-core";
        switch (feature)
        {
            case "WeightedSplit":
                // Weights 3:1 (not summing to 100, which C-core 1.51 only accepts with total_weight set).
                Assert.That(Share(probe["calls"], "echo-v1"), Is.InRange(0.62, 0.88), context);
                break;
            case "PathMatch" or "MethodMatch" or "GrpcRoute":
                Assert.That(Only(probe["calls"]), Is.EqualTo("echo-v2"), context);
                break;
            case "HeaderMatch":
                Assert.Multiple(() =>
                {
                    Assert.That(Only(probe["canary"]), Is.EqualTo("echo-v2"), context);
                    Assert.That(Only(probe["others"]), Is.EqualTo("echo-v1"), context);
                });
                break;
            case "QueryMatch":
                // Not sent to any proxyless client (gRPC has no query string): the rule is left out and reported.
                Assert.That(Only(probe["calls"]), Is.EqualTo("echo-v1"), context);
                await AssertReportedAsync("HTTPRoute", "query", "spec.rules[0].matches[0]", "query parameter matches are not supported by proxyless gRPC clients");
                break;
            case "Retries":
                Assert.Multiple(() =>
                {
                    Assert.That((int)probe["retried"]["ok"]!, Is.EqualTo(20), $"every call's first attempt failed and was retried: {context}");
                    Assert.That((int)probe["control"]["failed"]!, Is.EqualTo(5), $"without the policy the first attempts reach the caller: {context}");
                    Assert.That(Errors(probe["control"]), Has.All.StartWith("UNAVAILABLE backend flaky failing the first attempt"), context);
                });
                break;
            case "Timeouts":
                // The slow backend answers in 1.5 s, within the calls' 5 s deadline: only the route's 300 ms timeout fails them.
                Assert.Multiple(() =>
                {
                    Assert.That((int)probe["control"]["ok"]!, Is.EqualTo(1), $"the slow backend answers without the timeout: {context}");
                    Assert.That((int)probe["timeout"]["failed"]!, Is.EqualTo(2), context);
                    Assert.That(Errors(probe["timeout"]), Has.All.StartWith("DEADLINE_EXCEEDED"), context);
                });
                break;
            case "FaultDelay":
                // The same route's other rule answers within the 1 s deadline; the injected 3 s delay shows as the deadline's status.
                Assert.Multiple(() =>
                {
                    Assert.That((int)probe["control"]["ok"]!, Is.EqualTo(3), context);
                    Assert.That((int)probe["delayed"]["failed"]!, Is.EqualTo(2), context);
                    Assert.That(Errors(probe["delayed"]), Has.All.StartWith("DEADLINE_EXCEEDED"), context);
                });
                break;
            case "FaultAbort":
                Assert.Multiple(() =>
                {
                    Assert.That((int)probe["calls"]["failed"]!, Is.EqualTo(5), context);
                    Assert.That(Errors(probe["calls"]), Has.All.StartWith("RESOURCE_EXHAUSTED"), context);
                });
                break;
            case "RingHash":
                await AssertRingHashAsync(probe, core, context);
                break;
            case "OutlierDetection":
                await AssertOutlierDetectionAsync(probe, client, context);
                break;
            case "LocalityWeights":
                // Zone a holds three endpoints (weight 3), zone b one: a client honouring locality weights sends zone a 3/4.
                Assert.That(Share(probe["calls"], "zone-a"), Is.InRange(0.62, 0.88), context);
                break;
            default:
                Assert.Fail($"no expectation for {feature}");
                break;
        }
    }

    [Test]
    public async Task Clients_AreServedTheEncodingOfTheirKindAndRelease()
    {
        await _probes[(s_features[0], "grpc-js")];
        Assert.That((string?)(await ProxyAsync(_clients["grpc-js"].NodeId))["profile"], Is.EqualTo("proxyless"));
        if (_coreMissing is not null)
        {
            CCore.FailOrIgnore(_coreMissing);
        }

        await _probes[(s_features[0], "grpc-core")];
        var core = await ProxyAsync(_clients["grpc-core"].NodeId);
        Assert.Multiple(() =>
        {
            Assert.That((string?)core["profile"], Is.EqualTo("proxyless@grpc-core-1.51"));
            Assert.That((string?)core["client"]!["version"], Does.EndWith("Python 1.51.1"));
        });
    }

    private async Task AssertRingHashAsync(Dictionary<string, JsonObject> probe, bool core, string context)
    {
        var perUser = probe.Where(p => p.Key.StartsWith("user-", StringComparison.Ordinal)).Select(p => p.Value).ToList();
        Assert.That(perUser.Select(r => (int)r["ok"]!), Has.All.EqualTo(6), context);
        var reached = perUser.SelectMany(r => r["byBackend"]!.AsObject().Select(b => b.Key)).ToHashSet();
        Assert.That(reached, Is.EquivalentTo(new[] { "echo-v1", "echo-v2" }), $"users spread over both endpoints: {context}");
        if (!core)
        {
            Assert.That(perUser.Select(r => r["byBackend"]!.AsObject().Count), Has.All.EqualTo(1), $"each user's calls stay on one endpoint: {context}");
            return;
        }

        // Withheld from C-core 1.51 (its ring hash picker crashes the process): round robin, and the policy says so.
        Assert.That(perUser.Select(r => r["byBackend"]!.AsObject().Count), Has.Some.EqualTo(2), $"round robin, not sticky: {context}");
        await AssertReportedAsync("XdsPolicy", "hash", "spec.loadBalancer.type", "ring hash is not sent to gRPC C-core 1.50-1.51 clients");
    }

    private async Task AssertOutlierDetectionAsync(Dictionary<string, JsonObject> probe, string client, string context)
    {
        Assert.That((int)probe["calls"]["ok"]!, Is.EqualTo(13), $"the client lives through its ejection checks: {context}");
        // Accepted by the client with the success-rate ejection gRPC applies (gRFC A50), every parameter explicit.
        var clusters = (await ProxyAsync(_clients[client].NodeId))["config"]!["acked"]!["CDS"]!["resources"]!.AsArray();
        var outlier = clusters.Single(c => (string?)c!["name"] == "default/outlier:50051")!["resource"]!["outlierDetection"];
        Assert.That(new[] { "enforcingSuccessRate", "successRateMinimumHosts", "successRateRequestVolume", "successRateStdevFactor" }.Select(f => (int?)outlier?[f]),
            Is.EqualTo(new int?[] { 100, 5, 100, 1900 }), $"the ACKed cluster carries outlier detection: {outlier}");
        await AssertReportedAsync("XdsPolicy", "outlier", "spec.outlierDetection", "ejection after consecutive failures");
    }

    /// <summary>Waits until <paramref name="client"/> has a working configuration for every target that can work.</summary>
    private static async Task WarmUpAsync(MatrixClient client)
    {
        foreach (var service in Services)
        {
            var ready = await client.WaitOkAsync(Target(service), TimeSpan.FromSeconds(60));
            if (!(bool)ready["ok"]!)
            {
                throw new TimeoutException($"{client.Kind}: no successful call to {Target(service)}: {ready}; stderr:\n{client.StderrTail}");
            }
        }
    }

    private static async Task<Dictionary<string, JsonObject>> ProbeAfterAsync(Task previous, string feature, MatrixClient client)
    {
        await previous; // a failed warm-up (or earlier probe) fails the cells after it with its reason
        var calls = new Dictionary<string, JsonObject>();
        Dictionary<string, string> Header(string name, string value) => new() { [name] = value };
        switch (feature)
        {
            case "WeightedSplit":
            case "LocalityWeights":
                calls["calls"] = await client.CallAsync(Target(feature == "WeightedSplit" ? "split" : "locality"), 200);
                break;
            case "PathMatch" or "QueryMatch" or "MethodMatch" or "GrpcRoute":
                calls["calls"] = await client.CallAsync(Target(feature switch { "PathMatch" => "path", "QueryMatch" => "query", "MethodMatch" => "method", _ => "grpc" }), 20);
                break;
            case "HeaderMatch":
                calls["canary"] = await client.CallAsync(Target("header"), 20, metadata: Header("x-canary", "true"));
                calls["others"] = await client.CallAsync(Target("header"), 20);
                break;
            case "Retries":
                calls["retried"] = await client.CallAsync(Target("retry"), 20, uniqueName: $"{client.Kind}-retried");
                calls["control"] = await client.CallAsync(Target("noretry"), 5, uniqueName: $"{client.Kind}-control");
                break;
            case "Timeouts":
                calls["control"] = await client.CallAsync(Target("faults"), 1, 5000, Header("x-fault", "slow"));
                calls["timeout"] = await client.CallAsync(Target("faults"), 2, 5000, Header("x-fault", "timeout"));
                break;
            case "FaultDelay":
                calls["control"] = await client.CallAsync(Target("faults"), 3, 1000);
                calls["delayed"] = await client.CallAsync(Target("faults"), 2, 1000, Header("x-fault", "delay"));
                break;
            case "FaultAbort":
                calls["calls"] = await client.CallAsync(Target("faults"), 5, metadata: Header("x-fault", "abort"));
                break;
            case "RingHash":
                for (var user = 0; user < 10; user++)
                {
                    calls[$"user-{user}"] = await client.CallAsync(Target("hash"), 6, metadata: Header("x-user", $"user-{user}"));
                }

                break;
            case "OutlierDetection":
                // Spread over three of the policy's 1 s intervals, so the client's ejection checks run meanwhile.
                calls["calls"] = await client.CallAsync(Target("outlier"), 13, pauseMs: 250);
                break;
        }

        return calls;
    }

    private async Task AssertReportedAsync(string kind, string name, string field, string text)
    {
        using var http = new HttpClient { BaseAddress = _server.Admin };
        var objects = JsonNode.Parse(await http.GetStringAsync(new Uri("/api/v1/errors", UriKind.Relative)))!.AsArray();
        var errors = objects.Where(o => (string?)o!["kind"] == kind && (string?)o["name"] == name).SelectMany(o => o!["errors"]!.AsArray()).ToList();
        Assert.That(errors.Where(e => (string?)e!["field"] == field).Select(e => (string?)e!["message"]), Has.Some.Contains(text),
            $"{kind} default/{name} {field} reports it: {string.Join("; ", errors.Select(e => e!.ToJsonString()))}");
    }

    private async Task<JsonObject> ProxyAsync(string nodeId)
    {
        using var http = new HttpClient { BaseAddress = _server.Admin };
        return JsonNode.Parse(await http.GetStringAsync(new Uri($"/api/v1/proxies/{nodeId}", UriKind.Relative)))!.AsObject();
    }

    private static double Share(JsonObject result, string backend) =>
        ((int?)result["byBackend"]?[backend] ?? 0) / (double)Math.Max(1, (int)result["ok"]! + (int)result["failed"]!);

    private static string Only(JsonObject result) =>
        (int)result["failed"]! == 0 && result["byBackend"]!.AsObject().Count == 1 ? result["byBackend"]!.AsObject().Single().Key : $"not one backend: {result.ToJsonString()}";

    private static IEnumerable<string?> Errors(JsonObject result) => result["errors"]!.AsArray().Select(e => (string?)e);
}
