using System.Diagnostics;
using System.Net;

namespace XdsControlPlane.Tests.Replicas;

/// <summary>
/// Two replicas sharing one PostgreSQL policy store: a policy written through A reaches B's proxies through
/// LISTEN/NOTIFY (polling is off in these hosts), and, versions being content hashes, both replicas then serve the
/// same version to their proxies.
/// </summary>
public sealed class SharedPolicyTests : ReplicaFixture
{
    [Test]
    public async Task APolicyWrittenThroughReplicaA_IsServedByReplicaBsProxies_AtTheSameVersionAsAs()
    {
        var (a, xdsA) = await StartReplicaAsync("a");
        var (_, xdsB) = await StartReplicaAsync("b");
        var (onA, firstA) = await ConnectProxyAsync(xdsA, "proxy-on-a");
        var (onB, firstB) = await ConnectProxyAsync(xdsB, "proxy-on-b");
        Assert.That(firstB.VersionInfo, Is.EqualTo(firstA.VersionInfo), "equal inputs, equal versions");

        using var created = await PostPolicyAsync(a, RingHashPolicy);
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var clock = Stopwatch.StartNew();
        var nextB = await onB.NextAsync("B's proxy to receive the policy written through A", Wait);
        var latency = clock.Elapsed;
        var nextA = await onA.NextAsync("A's proxy to receive the policy", Wait);

        Assert.That(nextB.VersionInfo, Is.Not.EqualTo(firstB.VersionInfo));
        Assert.That(nextB.VersionInfo, Is.EqualTo(nextA.VersionInfo), "both replicas compiled the same inputs to the same version");
        Assert.That(nextB.Resources, Is.EqualTo(nextA.Resources), "and the same resources");
        TestContext.Out.WriteLine($"policy written through A reached B's proxy after {latency.TotalMilliseconds:F0} ms");
    }
}
