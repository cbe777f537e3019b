using System.Net;
using XdsControlPlane.Tests.Support;

namespace XdsControlPlane.Tests.Diagnostics;

/// <summary>Contract of GET /api/v1/snapshots/{a}/diff/{b}.</summary>
public sealed class SnapshotDiffEndpointTests : SnapshotApiFixture
{
    [Test]
    public async Task Diff_ReportsChangedResourcesWithFieldPaths_AndLeavesOutWhatDidNotChange()
    {
        var a = Apply(TestModels.Model(1, port: 8080));
        var b = Apply(TestModels.Model(2, port: 8081));

        var diff = await GetOkAsync($"api/v1/snapshots/{a}/diff/{b}");
        var eds = diff["profiles"]!["proxyless"]!["EDS"]!;
        var changed = eds["changed"]![0]!;

        Assert.Multiple(() =>
        {
            Assert.That((string?)diff["from"], Is.EqualTo(a));
            Assert.That((string?)diff["to"], Is.EqualTo(b));
            Assert.That(diff["profiles"]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "gateway/default/public", "proxyless" }));
            Assert.That(diff["profiles"]!["proxyless"]!.AsObject().Select(t => t.Key), Is.EqualTo(new[] { "EDS" }), "only endpoints changed");
            Assert.That(eds["added"]!.AsArray(), Is.Empty);
            Assert.That(eds["removed"]!.AsArray(), Is.Empty);
            Assert.That((string?)changed["name"], Is.EqualTo("default/echo:50051"));
            Assert.That((string?)changed["fromVersion"], Is.Not.EqualTo((string?)changed["toVersion"]));
            Assert.That(changed["fields"]!.ToJsonString(), Is.EqualTo(
                """[{"path":"endpoints[0].lbEndpoints[0].endpoint.address.socketAddress.portValue","op":"changed","from":8080,"to":8081}]"""));
        });
    }

    [Test]
    public async Task Diff_ListsAddedAndRemovedResourcesAndProfiles()
    {
        var a = Apply(TestModels.Model(1));
        var b = Apply(TestModels.Model(2, withExtraService: true, withInternalGateway: true));

        var forward = await GetOkAsync($"api/v1/snapshots/{a}/diff/{b}");
        var backward = await GetOkAsync($"api/v1/snapshots/{b}/diff/{a}");

        Assert.Multiple(() =>
        {
            Assert.That(forward["profiles"]!["proxyless"]!["CDS"]!["added"]!.AsArray().Select(n => (string?)n), Is.EqualTo(new[] { "default/extra:50051" }));
            Assert.That(backward["profiles"]!["proxyless"]!["CDS"]!["removed"]!.AsArray().Select(n => (string?)n), Is.EqualTo(new[] { "default/extra:50051" }));
            Assert.That(forward["profiles"]!["gateway/default/internal"]!["LDS"]!["added"]!.AsArray(), Has.Count.EqualTo(1), "a new profile: all added");
            Assert.That(backward["profiles"]!["gateway/default/internal"]!["LDS"]!["removed"]!.AsArray(), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Diff_OfAChangedPrivateKey_ShowsTheSecretChangedButNeverTheKey()
    {
        var a = Apply(TestModels.Model(1));
        var b = Apply(TestModels.Model(2, keyMaterial: "MIIEnewkeymaterialthatmustnotleak"));

        using var response = await Host.Http.GetAsync($"api/v1/snapshots/{a}/diff/{b}");
        var text = await response.Content.ReadAsStringAsync();
        var diff = System.Text.Json.Nodes.JsonNode.Parse(text)!;

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((string?)diff["profiles"]!["gateway/default/public"]!["SDS"]!["changed"]![0]!["name"], Is.EqualTo("default/tls"));
            Assert.That(text, Does.Not.Contain("keymaterial").And.Not.Contain("PRIVATE KEY").And.Not.Contain("TUlJRW"));
        });
    }

    [Test]
    public async Task Diff_OfAVersionWithItself_IsEmpty_AndCurrentIsAccepted()
    {
        var a = Apply(TestModels.Model(1));

        var diff = await GetOkAsync($"api/v1/snapshots/{a}/diff/current");

        Assert.That(diff["profiles"]!.AsObject(), Is.Empty);
    }

    [TestCase("zzz", "current", HttpStatusCode.BadRequest)]
    [TestCase("current", "not-hex!", HttpStatusCode.BadRequest)]
    [TestCase("ffffffffffffffff", "current", HttpStatusCode.NotFound)]
    [TestCase("current", "ffffffffffffffff", HttpStatusCode.NotFound)]
    public async Task Diff_RejectsMalformedAndUnknownVersions(string from, string to, HttpStatusCode expected)
    {
        Apply(TestModels.Model(1));
        Assume.That(Host.Reconciler.Latest!.Version, Is.Not.EqualTo("ffffffffffffffff"));

        var (status, body) = await GetAsync($"api/v1/snapshots/{from}/diff/{to}");

        Assert.That(status, Is.EqualTo(expected));
        Assert.That((string?)body["error"], Is.Not.Empty);
    }
}
