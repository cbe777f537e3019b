using System.Net;
using System.Text.Json.Nodes;
using Envoy.Config.Core.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Google.Protobuf;
using XdsControlPlane.Testing;
using XdsControlPlane.Tests.Support;
using XdsControlPlane.Xds.Ledger;
using XdsControlPlane.Xds.Protocol;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Tests.Diagnostics;

/// <summary>Contract of <c>/api/v1/proxies</c> and <c>/api/v1/proxies/{nodeId}</c> over a real xDS server.</summary>
public sealed class ProxyEndpointTests
{
    private const string PrivateKey = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----";
    private DiagnosticsHost _host = null!;
    private HttpClient _grpc = null!;

    [SetUp]
    public async Task SetUp()
    {
        _host = await DiagnosticsHost.StartAsync();
        _grpc = GrpcTestCall.CreateClient();
    }

    [TearDown]
    public async Task TearDown()
    {
        _grpc.Dispose();
        await _host.DisposeAsync();
    }

    private async Task<JsonNode> GetAsync(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await _host.Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        return JsonNode.Parse(body)!;
    }

    [Test]
    public async Task List_OneRowPerNode_SortedByNodeId_WithAllFiveTypesAndAStableShape()
    {
        AdsClient.Publish(_host, AdsClient.Cluster("c1"));
        await using var b = await AdsClient.ConnectAsync(_host, _grpc, "node-b");
        await using var a = await AdsClient.ConnectAsync(_host, _grpc, "node-a");
        var cds = await a.NextAsync(TypeUrls.Cluster);
        await a.AckAsync(cds);
        await a.BarrierAsync();
        await b.NextAsync(TypeUrls.Cluster);
        await b.BarrierAsync();

        var rows = (await GetAsync("api/v1/proxies")).AsArray();

        Assert.That(rows.Select(r => (string?)r!["nodeId"]), Is.EqualTo(new[] { "node-a", "node-b" }));
        var row = rows[0]!;
        Assert.Multiple(() =>
        {
            Assert.That(row.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "nodeId", "identity", "cluster", "profile", "client", "protocol", "streams", "connectedAt", "status", "types" }));
            Assert.That((string?)row["cluster"], Is.EqualTo("test-cluster"));
            Assert.That((string?)row["profile"], Is.EqualTo("default"));
            Assert.That(row["client"]!.ToJsonString(), Is.EqualTo("""{"kind":"unknown","name":"xds-test-client","version":"1.0"}"""));
            Assert.That(row["protocol"]!.ToJsonString(), Is.EqualTo("""{"variant":"sotw","transport":"ads"}"""));
            Assert.That(row["types"]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "LDS", "RDS", "CDS", "EDS", "SDS" }));
            var c = row["types"]!["CDS"]!;
            Assert.That(c.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "sent", "acked", "status", "ageSeconds", "lastError", "updates", "acks", "errors" }));
            Assert.That((string?)c["status"], Is.EqualTo("SYNCED"));
            Assert.That((string?)c["sent"]!["version"], Is.EqualTo(cds.VersionInfo));
            Assert.That((string?)c["sent"]!["nonce"], Is.EqualTo(cds.Nonce));
            Assert.That((string?)c["acked"]!["version"], Is.EqualTo(cds.VersionInfo));
            Assert.That(c["lastError"], Is.Null);
            Assert.That(((long)c["updates"]!, (long)c["acks"]!, (long)c["errors"]!), Is.EqualTo((1L, 1L, 0L)));
            Assert.That((string?)row["types"]!["LDS"]!["status"], Is.EqualTo("NOT_SENT"));
            Assert.That(row["types"]!["LDS"]!["sent"], Is.Null);
            Assert.That((string?)rows[1]!["types"]!["CDS"]!["status"], Is.EqualTo("STALE"), "node-b never ACKed");
        });
    }

    [Test]
    public async Task Nack_ShowsErrorWithTheClientsMessage_AndTheErrorCounter_AndTheStatusFilterFindsIt()
    {
        AdsClient.Publish(_host, AdsClient.Cluster("c1"));
        await using var good = await AdsClient.ConnectAsync(_host, _grpc, "good");
        await using var bad = await AdsClient.ConnectAsync(_host, _grpc, "bad");
        await good.AckAsync(await good.NextAsync(TypeUrls.Cluster));
        var rejected = await bad.NextAsync(TypeUrls.Cluster);
        await bad.NackAsync(rejected, "unsupported lb_policy: MAGLEV");
        await good.BarrierAsync();
        await bad.BarrierAsync();

        var errors = (await GetAsync("api/v1/proxies?status=ERROR")).AsArray();

        Assert.That(errors.Select(r => (string?)r!["nodeId"]), Is.EqualTo(new[] { "bad" }));
        var cds = errors[0]!["types"]!["CDS"]!;
        Assert.Multiple(() =>
        {
            Assert.That((string?)errors[0]!["status"], Is.EqualTo("ERROR"));
            Assert.That((string?)cds["status"], Is.EqualTo("ERROR"));
            Assert.That((string?)cds["lastError"]!["message"], Is.EqualTo("unsupported lb_policy: MAGLEV"));
            Assert.That((string?)cds["lastError"]!["version"], Is.EqualTo(rejected.VersionInfo));
            Assert.That((int)cds["lastError"]!["code"]!, Is.EqualTo(3));
            Assert.That((long)cds["errors"]!, Is.EqualTo(1));
            Assert.That(cds["acked"], Is.Null);
        });
    }

    [Test]
    public async Task List_ProfileFilter_KeepsOnlyThatProfile()
    {
        AdsClient.Publish(_host, AdsClient.Cluster("c1"));
        await using var a = await AdsClient.ConnectAsync(_host, _grpc, "a", profile: "edge");
        await using var b = await AdsClient.ConnectAsync(_host, _grpc, "b");
        await b.NextAsync(TypeUrls.Cluster);
        await b.BarrierAsync();

        var rows = (await GetAsync("api/v1/proxies?profile=edge")).AsArray();

        Assert.That(rows.Select(r => (string?)r!["nodeId"]), Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public async Task List_UnknownStatusFilter_Is400WithJsonError()
    {
        var body = await GetAsync("api/v1/proxies?status=BROKEN", HttpStatusCode.BadRequest);

        Assert.That((string?)body["error"], Does.Contain("SYNCED, STALE, NOT_SENT, ERROR"));
    }

    [Test]
    public async Task PerTypeStreamsOfOneNode_MergeIntoOneRow()
    {
        AdsClient.Publish(_host, AdsClient.Cluster("c1"), [XdsResource.Create(Resources.Listener("l1", "r1")), XdsResource.Create(Resources.Route("r1", "c1")),
            XdsResource.Create(Resources.Listener("l2", "r1", port: 10001))]);
        var node = SotwTestStream.TestNode("per-type");
        await using var clusters = await SotwTestStream.OpenAsync(_grpc, _host.Xds.Address, "/envoy.service.cluster.v3.ClusterDiscoveryService/StreamClusters", TypeUrls.Cluster);
        await using var listeners = await SotwTestStream.OpenAsync(_grpc, _host.Xds.Address, "/envoy.service.listener.v3.ListenerDiscoveryService/StreamListeners", TypeUrls.Listener);
        await clusters.RequestAsync(TypeUrls.Cluster, node: node);
        await listeners.RequestAsync(TypeUrls.Listener, node: node);
        await clusters.NextAsync("CDS");
        var lds = await listeners.NextAsync("LDS");
        await listeners.RequestAsync(TypeUrls.Listener, ackOf: lds);
        // A barrier: narrowing LDS from l1+l2 to l1 is answered with the new full state, after the ACK was handled.
        await listeners.RequestAsync(TypeUrls.Listener, names: ["l1"], ackOf: lds);
        await listeners.NextAsync("LDS narrowed to l1");

        var rows = (await GetAsync("api/v1/proxies")).AsArray();

        Assert.That(rows, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(rows[0]!["protocol"]!.ToJsonString(), Is.EqualTo("""{"variant":"sotw","transport":"per-type"}"""));
            Assert.That((int)rows[0]!["streams"]!, Is.EqualTo(2));
            Assert.That((string?)rows[0]!["types"]!["CDS"]!["status"], Is.EqualTo("STALE"));
            Assert.That(((long)rows[0]!["types"]!["LDS"]!["updates"]!, (long)rows[0]!["types"]!["LDS"]!["acks"]!), Is.EqualTo((2L, 2L)));
        });
    }

    [Test]
    public async Task Detail_UnknownNode_Is404WithJsonError()
    {
        var body = await GetAsync("api/v1/proxies/nobody", HttpStatusCode.NotFound);

        Assert.That((string?)body["error"], Is.EqualTo("no connected proxy with node id 'nobody'"));
    }

    [Test]
    public async Task Detail_ShowsSentAndAckedConfigAsEnvoyJson_WithPrivateKeysRedacted()
    {
        var secret = Resources.Secret("default/tls");
        secret.TlsCertificate.PrivateKey = new DataSource { InlineBytes = ByteString.CopyFromUtf8(PrivateKey) };
        AdsClient.Publish(_host, AdsClient.Cluster("c1"), [XdsResource.Create(secret)]);
        await using var client = await AdsClient.ConnectAsync(_host, _grpc, "detail");
        var first = await client.NextAsync(TypeUrls.Cluster);
        await client.AckAsync(first);
        await client.Stream.RequestAsync(TypeUrls.Secret, ["default/tls"]);
        await client.AckAsync(await client.NextAsync(TypeUrls.Secret));
        AdsClient.Publish(_host, AdsClient.Cluster("c1"), AdsClient.Cluster("c2"), [XdsResource.Create(secret)]);
        var second = await client.NextAsync(TypeUrls.Cluster);
        await client.Stream.RequestAsync(TypeUrls.Secret, ["default/tls"]);
        await client.Stream.RequestAsync(TypeUrls.Cluster, ackOf: first);  // stale nonce: ignored, c2 stays unACKed
        await client.Stream.RequestAsync(TypeUrls.Secret, ["default/tls", "barrier-1"]);
        await client.NextAsync(TypeUrls.Secret);

        using var response = await _host.Http.GetAsync("api/v1/proxies/detail");
        var text = await response.Content.ReadAsStringAsync();
        var body = JsonNode.Parse(text)!;

        var config = body["config"]!;
        Assert.Multiple(() =>
        {
            Assert.That((string?)body["nodeId"], Is.EqualTo("detail"));
            Assert.That((string?)config["sentScope"], Is.EqualTo("full"));
            Assert.That((string?)config["sent"]!["CDS"]!["version"], Is.EqualTo(second.VersionInfo));
            Assert.That(config["sent"]!["CDS"]!["resources"]!.AsArray().Select(r => (string?)r!["name"]), Is.EqualTo(new[] { "c1", "c2" }));
            Assert.That((string?)config["acked"]!["CDS"]!["version"], Is.EqualTo(first.VersionInfo));
            Assert.That(config["acked"]!["CDS"]!["resources"]!.AsArray().Select(r => (string?)r!["resource"]!["name"]), Is.EqualTo(new[] { "c1" }));
            Assert.That((string?)config["acked"]!["CDS"]!["resources"]![0]!["resource"]!["@type"], Is.EqualTo(TypeUrls.Cluster));
            Assert.That(config["sent"]!["LDS"], Is.Null);
            var sds = config["acked"]!["SDS"]!["resources"]![0]!["resource"]!;
            Assert.That((string?)sds["tlsCertificate"]!["privateKey"], Is.EqualTo("[redacted]"));
            Assert.That(text, Does.Not.Contain("MIIEvQ").And.Not.Contain("TUlJRXZR"));
        });
    }

    [Test]
    public async Task Detail_DeltaStream_AckedIsWhatTheClientHolds_SentIsTheLastChange()
    {
        AdsClient.Publish(_host, AdsClient.Cluster("c1"));
        await using var delta = await DeltaTestStream.OpenAsync(_grpc, _host.Xds.Address, XdsServices.AggregatedDelta);
        await delta.RequestAsync(TypeUrls.Cluster, node: DeltaTestStream.TestNode("delta"));
        var first = await delta.NextAsync("the first CDS response");
        await delta.RequestAsync(TypeUrls.Cluster, ackOf: first);
        AdsClient.Publish(_host, AdsClient.Cluster("c1"), AdsClient.Cluster("c2"));
        var second = await delta.NextAsync("the CDS response adding c2");
        await delta.RequestAsync(TypeUrls.Cluster, ackOf: second);
        await delta.RequestAsync(TypeUrls.Secret, subscribe: ["barrier-1"]);
        await delta.NextAsync("the barrier's SDS response");

        var config = (await GetAsync("api/v1/proxies/delta"))["config"]!;

        Assert.Multiple(() =>
        {
            Assert.That((string?)config["sentScope"], Is.EqualTo("changes"));
            Assert.That(config["sent"]!["CDS"]!["resources"]!.AsArray().Select(r => (string?)r!["name"]), Is.EqualTo(new[] { "c2" }));
            Assert.That(config["acked"]!["CDS"]!["resources"]!.AsArray().Select(r => (string?)r!["name"]), Is.EqualTo(new[] { "c1", "c2" }));
            Assert.That(config["acked"]!["CDS"]!["resources"]![1]!["version"]!.GetValue<string>(), Is.EqualTo(second.Resources[0].Version));
        });
    }

    [Test]
    public async Task Detail_VersionNoLongerInHistory_SaysUnavailable()
    {
        using var stream = _host.Xds.Ledger.Open(new StreamIdentity("gone", "c", "default", "envoy 1.31.0", "sotw", true, "127.0.0.1:1"));
        stream.Sent(TypeUrls.Cluster, "v-forgotten", "1", 2);

        var config = (await GetAsync("api/v1/proxies/gone"))["config"]!;

        Assert.That(config["sent"]!["CDS"]!.ToJsonString(), Is.EqualTo("""{"version":"v-forgotten","unavailable":"version v-forgotten no longer in history"}"""));
    }
}
