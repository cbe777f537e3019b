using XdsControlPlane.Sources.Kubernetes.Informers;

namespace XdsControlPlane.Sources.Tests.Kubernetes.Informers;

/// <summary>Capped exponential backoff with jitter.</summary>
public sealed class BackoffTests
{
    [Test]
    public void Backoff_DoublesPerFailure_UpToTheCap_WithJitterBetweenHalfAndAll()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), new Random(7));

        var delays = Enumerable.Range(0, 8).Select(_ => backoff.Next().TotalMilliseconds).ToArray();

        var ceilings = new[] { 100.0, 200, 400, 800, 1000, 1000, 1000, 1000 };
        for (var i = 0; i < delays.Length; i++)
        {
            Assert.That(delays[i], Is.InRange(ceilings[i] / 2, ceilings[i]), $"failure {i + 1}");
        }

        Assert.That(delays.Distinct().Count(), Is.GreaterThan(1), "jittered, not constant");
    }

    [Test]
    public void Backoff_AfterReset_StartsAgainFromTheInitialDelay()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10));
        for (var i = 0; i < 5; i++)
        {
            backoff.Next();
        }

        backoff.Reset();

        Assert.That(backoff.Next(), Is.LessThanOrEqualTo(TimeSpan.FromMilliseconds(100)));
        Assert.That(backoff.Failures, Is.EqualTo(1));
    }
}
