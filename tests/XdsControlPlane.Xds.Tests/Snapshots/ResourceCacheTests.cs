using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Xds.Tests.Snapshots;

/// <summary>A rebuild serializes only what changed, and equal messages keep their bytes and version.</summary>
public sealed class ResourceCacheTests
{
    [Test]
    public void AnEqualRebuiltMessageReusesTheResourceAndAChangedOneIsSerializedAgain()
    {
        var cache = new ResourceCache();
        var first = cache.Add("p", Resources.Endpoints("c", ("127.0.0.1", 1)));
        cache.Commit();

        var reused = cache.TryReuse("p", Resources.Endpoints("c", ("127.0.0.1", 1)), out var same);
        var changed = cache.TryReuse("p", Resources.Endpoints("c", ("127.0.0.1", 2)), out _);

        Assert.That(reused, Is.True);
        Assert.That(same, Is.SameAs(first));
        Assert.That(changed, Is.False);
        Assert.That((cache.Reused, cache.Created), Is.EqualTo((1, 0)));
    }

    [Test]
    public void ScopesAreSeparateAndABuildForgetsWhatItDidNotUse()
    {
        var cache = new ResourceCache();
        cache.Add("gateway", Resources.Cluster("c"));
        cache.Add("proxyless", Resources.Cluster("d"));
        cache.Commit();

        Assert.That(cache.TryReuse("proxyless", Resources.Cluster("c"), out _), Is.False, "another profile's resource is not reused");
        Assert.That(cache.TryReuse("gateway", Resources.Cluster("c"), out _), Is.True);
        cache.Commit();

        Assert.That(cache.TryReuse("proxyless", Resources.Cluster("d"), out _), Is.False, "not used by the last build, so forgotten");
        Assert.That(cache.TryReuse("gateway", Resources.Cluster("c"), out _), Is.True);
    }
}
