using System.Net;
using XdsControlPlane.Tests.Support;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Tests.Diagnostics;

/// <summary>Contract of POST /api/v1/snapshots/{version}/pin, DELETE and GET /api/v1/snapshots/pin, and the pin across restarts.</summary>
public sealed class SnapshotPinTests : SnapshotApiFixture
{
    [Test]
    public async Task Pin_RollsEveryProfileBack_NewModelsCompileButAreNotPublished_UnpinPublishesTheNewest()
    {
        var a = Apply(TestModels.Model(1));
        var pinnedProfiles = Host.Reconciler.Latest!.Profiles.ToDictionary(p => p.Key, p => p.Value.Version);
        Apply(TestModels.Model(2, port: 8081, withInternalGateway: true));

        var (status, pin) = await SendAsync(HttpMethod.Post, $"api/v1/snapshots/{a}/pin");
        var afterPin = Profiles();
        var c = Apply(TestModels.Model(3, port: 8082, withInternalGateway: true));
        var whilePinned = Profiles();
        var view = await GetOkAsync("api/v1/snapshots/pin");
        var history = (await GetOkAsync("api/v1/snapshots"))["items"]!.AsArray();
        var (unpinStatus, unpin) = await SendAsync(HttpMethod.Delete, "api/v1/snapshots/pin");

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((string?)pin["pinned"]!["version"], Is.EqualTo(a));
            Assert.That((long?)pin["pinned"]!["generation"], Is.EqualTo(1));
            Assert.That(pin["pinned"]!["pinnedAt"], Is.Not.Null);
            Assert.That(afterPin["gateway/default/public"], Is.EqualTo(pinnedProfiles["gateway/default/public"]));
            Assert.That(afterPin["proxyless"], Is.EqualTo(pinnedProfiles["proxyless"]));
            Assert.That(afterPin["gateway/default/internal"], Is.EqualTo(Snapshot.Create(Array.Empty<XdsResource>()).Version), "a profile the pinned configuration lacks gets an empty snapshot");
            Assert.That(whilePinned, Is.EqualTo(afterPin), "nothing newer is published while pinned");
            Assert.That((string?)view["pinned"]!["version"], Is.EqualTo(a));
            Assert.That((string?)view["latest"], Is.EqualTo(c));
            Assert.That(history.Select(i => (long?)i!["generation"]), Is.EqualTo(new long?[] { 3, 2, 1 }));
            Assert.That(history.Select(i => (bool?)i!["current"]), Is.EqualTo(new bool?[] { false, false, true }));
            Assert.That(history.Select(i => (bool?)i!["pinned"]), Is.EqualTo(new bool?[] { false, false, true }));
            Assert.That(unpinStatus, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(unpin.ToJsonString(), Is.EqualTo("""{"pinned":null}"""));
            // The proxyless profile's encoding variants follow it (this model needs no rewrite: the same snapshot).
            var newest = Host.Reconciler.Latest!.Profiles.ToDictionary(p => p.Key, p => p.Value.Version);
            Assert.That(Profiles(), Is.EqualTo(newest.Append(Empty("default"))
                .Concat(Compiler.Encodings.ClientEncodings.All.Select(e => KeyValuePair.Create(Compiler.Encodings.ClientEncodings.Profile("proxyless", e), newest["proxyless"])))
                .ToDictionary(p => p.Key, p => p.Value)), "unpin publishes the newest");
            Assert.That(File.Exists(Host.PinPath), Is.False);
        });
    }

    [Test]
    public async Task Unpin_WhenNothingIsPinned_Succeeds()
    {
        Apply(TestModels.Model(1));

        var (status, body) = await SendAsync(HttpMethod.Delete, "api/v1/snapshots/pin");
        var view = await GetOkAsync("api/v1/snapshots/pin");

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body.ToJsonString(), Is.EqualTo("""{"pinned":null}"""));
            Assert.That(view.ToJsonString(), Is.EqualTo($$"""{"pinned":null,"latest":"{{Host.Reconciler.Latest!.Version}}"}"""));
        });
    }

    [TestCase("ffffffffffffffff", HttpStatusCode.NotFound)]
    [TestCase("nope", HttpStatusCode.BadRequest)]
    public async Task Pin_OfAnUnknownOrMalformedVersion_IsRefused_AndPinsNothing(string version, HttpStatusCode expected)
    {
        Apply(TestModels.Model(1));
        Assume.That(Host.Reconciler.Latest!.Version, Is.Not.EqualTo(version));

        var (status, body) = await SendAsync(HttpMethod.Post, $"api/v1/snapshots/{version}/pin");

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(expected));
            Assert.That((string?)body["error"], Is.Not.Empty);
            Assert.That(Host.Reconciler.Pinned, Is.Null);
            Assert.That(File.Exists(Host.PinPath), Is.False);
        });
    }

    [Test]
    public async Task Pin_SurvivesARestart_TheNewServerServesTheSameVersionsBeforeAndAfterItsFirstBuild()
    {
        var a = Apply(TestModels.Model(1));
        var pinned = Profiles();
        Apply(TestModels.Model(2, port: 8081));
        await SendAsync(HttpMethod.Post, $"api/v1/snapshots/{a}/pin");
        await Host.DisposeAsync();

        Host = await SnapshotApiHost.StartAsync(DataDirectory);
        var restored = Profiles();
        Host.Reconciler.Apply(TestModels.Model(1, port: 8081));
        var afterBuild = Profiles();
        var view = await GetOkAsync("api/v1/snapshots/pin");
        var detail = await GetOkAsync($"api/v1/snapshots/{a}");

        Assert.Multiple(() =>
        {
            Assert.That(restored, Is.EqualTo(pinned));
            Assert.That(afterBuild, Is.EqualTo(pinned));
            Assert.That((string?)view["pinned"]!["version"], Is.EqualTo(a));
            Assert.That((long?)view["pinned"]!["generation"], Is.Zero, "generations count builds of this process");
            Assert.That((string?)view["latest"], Is.Not.EqualTo(a));
            Assert.That((bool?)detail["pinned"], Is.True);
            Assert.That((bool?)detail["current"], Is.True);
            Assert.That(File.ReadAllText(Host.PinPath), Does.Contain(a));
        });
    }

    [TestCase("{not json", TestName = "CorruptPinFile_StartsUnpinned_AndSaysSo")]
    [TestCase("""{"version":"0123456789abcdef","generation":1,"createdAt":"2026-01-01T00:00:00Z","pinnedAt":"2026-01-01T00:00:00Z","profiles":{"proxyless":[]}}""",
        TestName = "PinFileWhoseContentDoesNotMatchItsVersion_StartsUnpinned_AndSaysSo")]
    public async Task UnreadablePinFile_StartsUnpinned_AndSaysSo(string content)
    {
        await Host.DisposeAsync();
        await File.WriteAllTextAsync(Path.Combine(DataDirectory, "pin.json"), content);

        Host = await SnapshotApiHost.StartAsync(DataDirectory);
        Apply(TestModels.Model(1));
        var view = await GetOkAsync("api/v1/snapshots/pin");

        Assert.Multiple(() =>
        {
            Assert.That(view["pinned"], Is.Null);
            Assert.That((string?)view["restoreError"], Does.Contain("pin.json").And.Contain("started unpinned"));
            Assert.That(Host.Store.Get("proxyless")?.Version, Is.EqualTo(Host.Reconciler.Latest!.Profiles["proxyless"].Version), "the newest is published");
        });
    }

    [Test]
    public void PinFile_IsReplacedAtomically_NoTemporaryFileLeft_AndOnlyItsOwnerMayReadIt()
    {
        var a = Apply(TestModels.Model(1));
        Host.Reconciler.Pin(Host.Reconciler.Latest!);
        Host.Reconciler.Pin(Host.Reconciler.Latest!);

        Assert.That(Directory.GetFiles(DataDirectory).Select(Path.GetFileName), Is.EqualTo(new[] { "pin.json" }));
        Assert.That(File.ReadAllText(Host.PinPath), Does.Contain(a));
        if (!OperatingSystem.IsWindows())
        {
            Assert.That(File.GetUnixFileMode(Host.PinPath), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite), "it holds private keys");
        }
    }

    private Dictionary<string, string> Profiles() =>
        Host.Store.Profiles.Order(StringComparer.Ordinal).ToDictionary(p => p, p => Host.Store.Get(p)!.Version);

    private static KeyValuePair<string, string> Empty(string profile) => new(profile, Snapshot.Create(Array.Empty<XdsResource>()).Version);
}
