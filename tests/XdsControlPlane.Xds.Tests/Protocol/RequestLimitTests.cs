using Envoy.Service.Discovery.V3;
using Google.Protobuf.WellKnownTypes;
using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Protocol;
using XdsControlPlane.Xds.Snapshots;
using XdsControlPlane.Xds.Tests.Support;

namespace XdsControlPlane.Xds.Tests.Protocol;

/// <summary>
/// Issue 10 item 1 on the xDS side: a request over a bound ends its own stream with a status naming the field and the
/// bound; the server and other streams carry on. NACK messages are kept cut, not refused.
/// </summary>
public sealed class RequestLimitTests : ServerFixture
{
    private static IEnumerable<TestCaseData> OverBounds()
    {
        var longId = SotwTestStream.TestNode(new string('n', RequestLimits.MaxNodeIdLength + 1));
        yield return new TestCaseData(new DiscoveryRequest { Node = longId, TypeUrl = TypeUrls.Cluster }, 3, "node.id is 2049 characters long; at most 2048")
            .SetName("Bounds_NodeIdTooLong_InvalidArgument");
        var fat = SotwTestStream.TestNode("fat");
        fat.Metadata = new Struct { Fields = { ["blob"] = Value.ForString(new string('x', RequestLimits.MaxMetadataBytes)) } };
        yield return new TestCaseData(new DiscoveryRequest { Node = fat, TypeUrl = TypeUrls.Cluster }, 3, "node.metadata is")
            .SetName("Bounds_NodeMetadataTooLarge_InvalidArgument");
        yield return new TestCaseData(new DiscoveryRequest { Node = SotwTestStream.TestNode("t"), TypeUrl = new string('t', RequestLimits.MaxTypeUrlLength + 1) }, 3, "type_url is 513")
            .SetName("Bounds_TypeUrlTooLong_InvalidArgument");
        var many = new DiscoveryRequest { Node = SotwTestStream.TestNode("m"), TypeUrl = TypeUrls.ClusterLoadAssignment };
        many.ResourceNames.AddRange(Enumerable.Range(0, RequestLimits.MaxNames + 1).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        yield return new TestCaseData(many, 8, "resource_names holds 100001 names; at most 100000")
            .SetName("Bounds_TooManyResourceNames_ResourceExhausted");
        var longName = new DiscoveryRequest { Node = SotwTestStream.TestNode("l"), TypeUrl = TypeUrls.ClusterLoadAssignment };
        longName.ResourceNames.Add(new string('r', RequestLimits.MaxNameLength + 1));
        yield return new TestCaseData(longName, 3, "resource_names is 4097 characters long")
            .SetName("Bounds_ResourceNameTooLong_InvalidArgument");
    }

    [TestCaseSource(nameof(OverBounds))]
    public async Task RequestOverABound_EndsItsStreamNamingTheField(DiscoveryRequest request, int status, string message)
    {
        Publish(Resources.Service("a"));
        await using var bystander = await OpenAds(TypeUrls.Cluster, nodeId: "bystander");
        await bystander.NextAsync("the bystander's CDS");

        await using var ads = await OpenAds();
        await ads.SendAsync(request);
        var ended = await ads.EndAsync();

        Assert.That(ended.Status, Is.EqualTo(status));
        Assert.That(ended.Message, Does.Contain(message));
        Assert.That(Server.Ledger.Find("bystander"), Has.Count.EqualTo(1), "the other stream is untouched");
    }

    [Test]
    public async Task Bounds_HugeNackMessageIsKeptCut()
    {
        Publish(Resources.Service("a"));
        await using var ads = await OpenAds(TypeUrls.Cluster, nodeId: "nacker");
        var cds = await ads.NextAsync("CDS");

        await ads.NackAsync(cds, string.Empty, new string('e', 100_000));
        await AssertNothingSentAsync(ads, "a NACK is not answered");

        var kept = Server.Ledger.FindNode("nacker")!.Types[TypeUrls.Cluster].LastNack!.Message;
        Assert.That(kept, Is.EqualTo(new string('e', RequestLimits.MaxErrorMessageLength) + "…(+95904 chars)"));
    }
}
