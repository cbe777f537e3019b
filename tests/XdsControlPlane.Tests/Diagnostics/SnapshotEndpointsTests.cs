using System.Net;
using System.Text.Json.Nodes;
using XdsControlPlane.Tests.Support;

namespace XdsControlPlane.Tests.Diagnostics;

/// <summary>Contracts of GET /api/v1/snapshots and GET /api/v1/snapshots/{version}.</summary>
public sealed class SnapshotEndpointsTests : SnapshotApiFixture
{
    [Test]
    public async Task History_ListsNewestFirst_WithCausesCountsProfilesAndMarkers()
    {
        var v1 = Apply(TestModels.Model(1));
        var v2 = Apply(TestModels.Model(2, port: 8081));

        var page = await GetOkAsync("api/v1/snapshots");
        var items = page["items"]!.AsArray();

        Assert.Multiple(() =>
        {
            Assert.That(items.Select(i => (string?)i!["version"]), Is.EqualTo(new[] { v2, v1 }));
            Assert.That(items.Select(i => (long?)i!["generation"]), Is.EqualTo(new long?[] { 2, 1 }));
            Assert.That(items.Select(i => (bool?)i!["current"]), Is.EqualTo(new bool?[] { true, false }));
            Assert.That(items.Select(i => (bool?)i!["pinned"]), Is.EqualTo(new bool?[] { false, false }));
            Assert.That(v1, Does.Match("^[0-9a-f]{16}$"));
            Assert.That(items[0]!["causes"]!.ToJsonString(), Is.EqualTo("""[{"kind":"EndpointSlice","namespace":"default","name":"echo-1","change":"modified"}]"""));
            Assert.That(items[1]!["causes"]!.AsArray().Select(c => (string?)c!["change"]), Is.All.EqualTo("added"));
            Assert.That(items[1]!["causes"]!.AsArray().Select(c => (string?)c!["kind"]), Is.EquivalentTo(new[] { "Service", "EndpointSlice", "Secret", "GatewayClass", "Gateway", "HTTPRoute" }));
            Assert.That(items[0]!["profiles"]!.AsArray().Select(p => (string?)p), Is.EqualTo(new[] { "gateway/default/public", "proxyless" }));
            Assert.That(items[0]!["counts"]!.AsObject().Select(c => c.Key), Is.EqualTo(new[] { "LDS", "RDS", "CDS", "EDS", "SDS" }));
            Assert.That((int?)items[0]!["counts"]!["SDS"], Is.EqualTo(1));
            Assert.That((int?)items[0]!["counts"]!["CDS"], Is.GreaterThanOrEqualTo(2), "one cluster per profile");
            Assert.That(page["next"], Is.Null);
        });
    }

    [Test]
    public async Task ApplyWithoutAnyChange_AddsNoHistoryEntry()
    {
        Apply(TestModels.Model(1));
        Apply(TestModels.Model(2));

        var items = (await GetOkAsync("api/v1/snapshots"))["items"]!.AsArray();

        Assert.That(items.Select(i => (long?)i!["generation"]), Is.EqualTo(new long?[] { 1 }));
    }

    [Test]
    public async Task History_PagesByGeneration_UntilNextIsNull()
    {
        for (var generation = 1; generation <= 5; generation++)
        {
            Apply(TestModels.Model(generation, port: 8000 + generation));
        }

        var first = await GetOkAsync("api/v1/snapshots?limit=2");
        var second = await GetOkAsync($"api/v1/snapshots?limit=2&before={(string?)first["next"]}");
        var third = await GetOkAsync($"api/v1/snapshots?limit=2&before={(string?)second["next"]}");

        Assert.Multiple(() =>
        {
            Assert.That(first["items"]!.AsArray().Select(i => (long?)i!["generation"]), Is.EqualTo(new long?[] { 5, 4 }));
            Assert.That((string?)first["next"], Is.EqualTo("4"));
            Assert.That(second["items"]!.AsArray().Select(i => (long?)i!["generation"]), Is.EqualTo(new long?[] { 3, 2 }));
            Assert.That(third["items"]!.AsArray().Select(i => (long?)i!["generation"]), Is.EqualTo(new long?[] { 1 }));
            Assert.That(third["next"], Is.Null);
        });
    }

    [Test]
    public async Task History_KeepsTheNewestUpToItsCapacity_AnEvictedVersionIs404()
    {
        await Host.DisposeAsync();
        Host = await SnapshotApiHost.StartAsync(DataDirectory, historyCapacity: 3);
        var evicted = Apply(TestModels.Model(1, port: 8001));
        for (var generation = 2; generation <= 4; generation++)
        {
            Apply(TestModels.Model(generation, port: 8000 + generation));
        }

        var page = await GetOkAsync("api/v1/snapshots?limit=500");
        var (status, _) = await GetAsync($"api/v1/snapshots/{evicted}");

        Assert.Multiple(() =>
        {
            Assert.That(page["items"]!.AsArray().Select(i => (long?)i!["generation"]), Is.EqualTo(new long?[] { 4, 3, 2 }));
            Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [TestCase("limit=0")]
    [TestCase("limit=501")]
    [TestCase("limit=ten")]
    [TestCase("limit=-1")]
    [TestCase("before=yesterday")]
    public async Task History_RejectsMalformedPaging_With400(string query)
    {
        var (status, body) = await GetAsync($"api/v1/snapshots?{query}");

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string?)body["error"], Is.Not.Empty);
    }

    [Test]
    public async Task History_AcceptsTheLargestLimit()
    {
        Apply(TestModels.Model(1));

        var page = await GetOkAsync("api/v1/snapshots?limit=500");

        Assert.That(page["items"]!.AsArray(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Snapshot_ListsResourceNamesAndVersionsPerProfileAndType()
    {
        var version = Apply(TestModels.Model(1));
        var expected = Host.Reconciler.Latest!.Profiles["gateway/default/public"];

        var detail = await GetOkAsync($"api/v1/snapshots/{version}");
        var gateway = detail["profiles"]!["gateway/default/public"]!;

        Assert.Multiple(() =>
        {
            Assert.That((string?)detail["version"], Is.EqualTo(version));
            Assert.That((bool?)detail["current"], Is.True);
            Assert.That(detail["causes"]!.AsArray(), Has.Count.EqualTo(6));
            Assert.That(detail["profiles"]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "gateway/default/public", "proxyless" }));
            Assert.That((string?)gateway["version"], Is.EqualTo(expected.Version));
            Assert.That(gateway["resources"]!["SDS"]!.ToJsonString(),
                Is.EqualTo($$"""[{"name":"default/tls","version":"{{expected[Xds.Snapshots.TypeUrls.Secret].Items[0].Version}}"}]"""));
            Assert.That(gateway["resources"]!["CDS"]!.AsArray().Select(r => (string?)r!["name"]), Is.EqualTo(new[] { "default/echo:50051" }));
        });
    }

    [Test]
    public async Task Snapshot_AcceptsCurrentAndAUniquePrefix()
    {
        Apply(TestModels.Model(1));
        var version = Apply(TestModels.Model(2, port: 9000));

        var current = await GetOkAsync("api/v1/snapshots/current");
        var prefix = await GetOkAsync($"api/v1/snapshots/{version[..10].ToUpperInvariant()}");

        Assert.Multiple(() =>
        {
            Assert.That((string?)current["version"], Is.EqualTo(version));
            Assert.That((string?)prefix["version"], Is.EqualTo(version));
        });
    }

    [Test]
    public async Task Snapshot_UnknownVersion_Is404()
    {
        Apply(TestModels.Model(1));
        var unknown = Host.Reconciler.Latest!.Version.StartsWith('0') ? "1111111111111111" : "0000000000000000";

        var (status, body) = await GetAsync($"api/v1/snapshots/{unknown}");

        Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((string?)body["error"], Does.Contain(unknown));
    }

    [Test]
    public async Task Current_BeforeAnyBuild_Is404()
    {
        var (status, _) = await GetAsync("api/v1/snapshots/current");

        Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase("not-a-version")]
    [TestCase("12345g")]
    [TestCase("00000000000000000000000000000000000000000000000000000000000000000")]
    public async Task Snapshot_MalformedVersion_Is400(string version)
    {
        Apply(TestModels.Model(1));

        var (status, body) = await GetAsync($"api/v1/snapshots/{version}");

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string?)body["error"], Does.Contain("hexadecimal"));
    }

    [Test]
    public async Task Snapshot_UnsupportedFormat_Is400()
    {
        var version = Apply(TestModels.Model(1));

        var (status, body) = await GetAsync($"api/v1/snapshots/{version}?format=yaml");

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string?)body["error"], Does.Contain("yaml"));
    }

    [Test]
    public async Task EnvoyFormat_GivesEnvoyJsonPerProfileAndType_WithThePrivateKeyRedacted()
    {
        var version = Apply(TestModels.Model(1));

        using var response = await Host.Http.GetAsync($"api/v1/snapshots/{version}?format=envoy");
        var text = await response.Content.ReadAsStringAsync();
        var body = JsonNode.Parse(text)!;
        var secret = body["profiles"]!["gateway/default/public"]!["SDS"]![0]!;

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((string?)body["version"], Is.EqualTo(version));
            Assert.That((string?)secret["@type"], Is.EqualTo("type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret"));
            Assert.That((string?)secret["tlsCertificate"]!["privateKey"], Is.EqualTo("[redacted]"));
            Assert.That((string?)body["profiles"]!["proxyless"]!["CDS"]![0]!["name"], Is.EqualTo("default/echo:50051"));
            Assert.That(text, Does.Not.Contain("secretkeymaterial").And.Not.Contain("BEGIN PRIVATE KEY"));
            Assert.That(text, Does.Not.Contain(Convert.ToBase64String("-----BEGIN PRIVATE KEY-----"u8.ToArray())[..20]));
        });
    }
}
