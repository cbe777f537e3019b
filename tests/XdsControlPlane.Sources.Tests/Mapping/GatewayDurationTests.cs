using XdsControlPlane.Sources.Mapping;

namespace XdsControlPlane.Sources.Tests.Mapping;

/// <summary>Gateway API (GEP-2257) durations.</summary>
public sealed class GatewayDurationTests
{
    private static IEnumerable<TestCaseData> Valid()
    {
        yield return new TestCaseData("10s", TimeSpan.FromSeconds(10)).SetName("seconds");
        yield return new TestCaseData("500ms", TimeSpan.FromMilliseconds(500)).SetName("milliseconds");
        yield return new TestCaseData("1h30m", TimeSpan.FromMinutes(90)).SetName("hours and minutes");
        yield return new TestCaseData("1h30m30s500ms", new TimeSpan(0, 1, 30, 30, 500)).SetName("all four units");
        yield return new TestCaseData("0s", TimeSpan.Zero).SetName("zero");
        yield return new TestCaseData("00060m", TimeSpan.FromHours(1)).SetName("leading zeros are decimal");
        yield return new TestCaseData("99999h", TimeSpan.FromHours(99999)).SetName("five digits");
        yield return new TestCaseData("1s1s", TimeSpan.FromSeconds(2)).SetName("repeated units add up as in Go");
        yield return new TestCaseData("5m1h", TimeSpan.FromMinutes(65)).SetName("any unit order");
    }

    private static IEnumerable<TestCaseData> Invalid() =>
        new[] { "", "10", "1.5s", "-1s", "+1s", "1d", "1us", "1ns", "100000s", "1h1m1s1ms1h", "1 s", "s", "1S", " 1s", "1m s", "1sm" }
            .Select(text => new TestCaseData(text).SetName($"rejects '{text}'"));

    [TestCaseSource(nameof(Valid))]
    public void Parses(string text, TimeSpan expected)
    {
        Assert.That(GatewayDuration.TryParse(text, out var value), Is.True);
        Assert.That(value, Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(Invalid))]
    public void Rejects(string text) => Assert.That(GatewayDuration.TryParse(text, out _), Is.False);

    [Test]
    public void ABadDurationField_NamesTheExpectedFormat()
    {
        var mapped = Assets.Map("""
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: r}
            spec:
              rules:
              - timeouts: {request: 1d}
            """);

        Assert.That(mapped.Errors.Single().ToString(), Is.EqualTo(
            $"HTTPRoute default/r: spec.rules[0].timeouts.request: '1d' is not {GatewayDuration.Expected} (inline.yaml:6)"));
    }
}
