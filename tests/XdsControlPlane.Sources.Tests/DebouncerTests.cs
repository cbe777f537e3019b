using XdsControlPlane.Testing;
namespace XdsControlPlane.Sources.Tests;

/// <summary>The debouncer fires once per burst: after the quiet period, or at the cap.</summary>
public sealed class DebouncerTests
{
    private static readonly TimeSpan _quiet = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan _cap = TimeSpan.FromSeconds(1);
    private ManualClock _clock = null!;
    private List<DateTimeOffset> _fired = null!;
    private Debouncer _debouncer = null!;

    [SetUp]
    public void CreateDebouncer()
    {
        (_clock, _fired) = (new ManualClock(), []);
        _debouncer = new Debouncer(_clock, _quiet, _cap, () => _fired.Add(_clock.GetUtcNow()));
    }

    [TearDown]
    public void DisposeDebouncer() => _debouncer.Dispose();

    [Test]
    public void OneSignal_FiresOnceTheQuietPeriodHasPassed()
    {
        var start = _clock.GetUtcNow();
        _debouncer.Signal();

        _clock.Advance(TimeSpan.FromMilliseconds(99));
        Assert.That(_fired, Is.Empty);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.That(_fired, Is.EqualTo(new[] { start + _quiet }));
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.That(_fired, Has.Count.EqualTo(1));
        Assert.That(_debouncer.Pending, Is.False);
    }

    [Test]
    public void ABurst_FiresOnce_AQuietPeriodAfterTheLastSignal()
    {
        var start = _clock.GetUtcNow();
        for (var i = 0; i < 5; i++)
        {
            _debouncer.Signal();
            _clock.Advance(TimeSpan.FromMilliseconds(50));
        }

        Assert.That(_fired, Is.Empty, "each signal restarts the quiet period");
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(_fired, Is.EqualTo(new[] { start + TimeSpan.FromMilliseconds(200) + _quiet }));
    }

    [Test]
    public void ASteadyTrickle_StillFiresAtTheCap()
    {
        var start = _clock.GetUtcNow();
        for (var i = 0; i < 50; i++)
        {
            _debouncer.Signal();
            _clock.Advance(TimeSpan.FromMilliseconds(50));
        }

        Assert.That(_fired, Is.EqualTo(new[] { start + _cap, start + _cap + _cap }),
            "every second at most, although the changes never stop");
    }

    [Test]
    public void NoSignal_NeverFires_AndDisposedNeverFires()
    {
        _clock.Advance(TimeSpan.FromSeconds(5));
        _debouncer.Signal();
        _debouncer.Dispose();
        _clock.Advance(TimeSpan.FromSeconds(5));

        Assert.That(_fired, Is.Empty);
    }
}
