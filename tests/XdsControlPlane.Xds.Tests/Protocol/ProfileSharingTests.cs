using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Snapshots;
using XdsControlPlane.Xds.Tests.Support;

namespace XdsControlPlane.Xds.Tests.Protocol;

/// <summary>P28: what a client gets is chosen from its node; clients of one profile share serialized bytes.</summary>
public sealed class ProfileSharingTests : ServerFixture
{
    [Test]
    public async Task P28_ClientsOfOneProfileGetIdenticalBytesAndNothingIsSerializedPerClient()
    {
        Publish(Resources.Service("a"), Resources.Service("b"));
        var before = XdsResource.Serializations;

        var streams = new List<SotwTestStream>();
        for (var i = 0; i < 5; i++)
        {
            var ads = await OpenAds(TypeUrls.Cluster, nodeId: $"envoy-{i}");
            streams.Add(ads);
        }

        var bodies = new List<byte[][]>();
        foreach (var ads in streams)
        {
            var response = await ads.NextAsync("CDS");
            bodies.Add(response.Resources.Select(a => a.Value.ToByteArray()).ToArray());
            await ads.DisposeAsync();
        }

        Assert.That(XdsResource.Serializations, Is.EqualTo(before), "pushing to five clients serialized nothing new");
        Assert.That(bodies.Skip(1), Has.All.EqualTo(bodies[0]));
    }

    [Test]
    public async Task P28_TheNodesProfileChoosesItsSnapshot()
    {
        Publish(Resources.Service("default-svc"));
        Server.Publish([.. Resources.Service("canary-svc")], profile: "canary");

        await using var plain = await OpenAds(TypeUrls.Listener, nodeId: "plain");
        await using var canary = await OpenAds();
        await canary.RequestAsync(TypeUrls.Listener, node: SotwTestStream.TestNode("canary-node", profile: "canary"));

        Assert.That(Resources.Names(await plain.NextAsync("LDS default")), Is.EqualTo(new[] { "default-svc" }));
        Assert.That(Resources.Names(await canary.NextAsync("LDS canary")), Is.EqualTo(new[] { "canary-svc" }));
        Assert.That(Server.Ledger.Find("canary-node").Single().Profile, Is.EqualTo("canary"));
    }
}
