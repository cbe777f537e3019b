using XdsControlPlane.Testing;

namespace XdsControlPlane.Xds.Tests;

/// <summary>The trimmer collects once after a burst of pushes has gone quiet, never during one, then once more later.</summary>
public sealed class MemoryTrimmerTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(10);

    [Test]
    public async Task TrimsOnce_AfterABurstWentQuiet_AndNotWhilePushing()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        long pushes = 0;
        await using var trimmer = new MemoryTrimmer(Idle, clock, () => pushes);

        clock.Advance(Idle);
        Assert.That(trimmer.Trims, Is.Zero, "no pushes yet: nothing to give back");

        pushes += 10_000;
        clock.Advance(Idle);
        Assert.That(trimmer.Trims, Is.Zero, "pushes in the last period: still busy");

        pushes += 5;
        clock.Advance(Idle);
        Assert.That(trimmer.Trims, Is.Zero, "still pushing");

        clock.Advance(Idle);
        Assert.That(trimmer.Trims, Is.EqualTo(1), "a quiet period after the burst");

        clock.Advance(Idle);
        clock.Advance(Idle);
        Assert.That(trimmer.Trims, Is.EqualTo(1), "quiet: no second collection yet");

        clock.Advance(Idle);
        Assert.That(trimmer.Trims, Is.EqualTo(2), "one follow-up collection, three quiet periods after the trim");

        for (var i = 0; i < 10; i++)
        {
            clock.Advance(Idle);
        }

        Assert.That(trimmer.Trims, Is.EqualTo(2), "then nothing until the next burst");

        pushes++;
        clock.Advance(Idle);
        clock.Advance(Idle);
        Assert.That(trimmer.Trims, Is.EqualTo(3), "the next burst is trimmed after it too");
    }
}
