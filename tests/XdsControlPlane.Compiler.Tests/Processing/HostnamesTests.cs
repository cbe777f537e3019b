using XdsControlPlane.Compiler.Processing;

namespace XdsControlPlane.Compiler.Tests.Processing;

public sealed class HostnamesTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        yield return new TestCaseData(null, Array.Empty<string>(), new[] { "*" }).SetName("no listener hostname, no route hostnames: any");
        yield return new TestCaseData(null, new[] { "b.com", "a.com", "a.com" }, new[] { "a.com", "b.com" }).SetName("no listener hostname: route hostnames, sorted, distinct");
        yield return new TestCaseData("a.com", Array.Empty<string>(), new[] { "a.com" }).SetName("no route hostnames: the listener's");
        yield return new TestCaseData("a.com", new[] { "A.com" }, new[] { "A.com" }).SetName("exact match ignores case");
        yield return new TestCaseData("*.example.com", new[] { "foo.example.com", "a.b.example.com", "example.com", "foo.other.com" },
            new[] { "a.b.example.com", "foo.example.com" }).SetName("listener wildcard admits one or more labels, not the bare domain");
        yield return new TestCaseData("foo.example.com", new[] { "*.example.com" }, new[] { "foo.example.com" }).SetName("route wildcard narrows to the listener hostname");
        yield return new TestCaseData("*.example.com", new[] { "*.foo.example.com" }, new[] { "*.foo.example.com" }).SetName("narrower route wildcard kept");
        yield return new TestCaseData("*.foo.example.com", new[] { "*.example.com" }, new[] { "*.foo.example.com" }).SetName("narrower listener wildcard kept");
        yield return new TestCaseData("a.com", new[] { "b.com" }, Array.Empty<string>()).SetName("no intersection");
    }

    [TestCaseSource(nameof(Cases))]
    public void Intersect(string? listener, string[] route, string[] expected) =>
        Assert.That(Hostnames.Intersect(listener, route), Is.EqualTo(expected));
}
