using XdsControlPlane.Xds.Protocol.Sotw;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Xds.Tests.Protocol;

/// <summary>
/// A subscription keeps the snapshot's instance of each name rather than the copy parsed from the request: thousands
/// of streams naming the same clusters then share one string per name (memory per idle stream).
/// </summary>
public sealed class SubscribedNamesTests
{
    [Test]
    public void Sotw_SubscribeKeepsTheSharedInstance_AndNamesTheSnapshotLacksAsSent()
    {
        const string Shared = "a-cluster";
        var parsed = new string(Shared.AsSpan());
        var unknown = new string("gone".AsSpan());
        var state = new SotwTypeState(TypeUrls.ClusterLoadAssignment);

        state.Subscribe([parsed, unknown], name => name == Shared ? Shared : name);

        Assert.Multiple(() =>
        {
            Assert.That(state.Names.Single(n => n == Shared), Is.SameAs(Shared).And.Not.SameAs(parsed));
            Assert.That(state.Names.Single(n => n == "gone"), Is.SameAs(unknown));
        });
    }
}
