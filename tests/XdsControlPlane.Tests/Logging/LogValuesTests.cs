using XdsControlPlane.Logging;

namespace XdsControlPlane.Tests.Logging;

/// <summary>Client text made safe for a log line: control characters escaped, long values cut with a marker.</summary>
public sealed class LogValuesTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        yield return new TestCaseData("node-1", 1024, "node-1").SetName("plain text is kept");
        yield return new TestCaseData("a\n16:00:00 ERR FAKE: x", 1024, "a\\n16:00:00 ERR FAKE: x").SetName("a newline cannot start a forged line");
        yield return new TestCaseData("a\r\n\tb", 1024, "a\\r\\n\\tb").SetName("CR and tab are escaped");
        yield return new TestCaseData("\u001b[31mred\u001b[0m", 1024, "\\u001B[31mred\\u001B[0m").SetName("ANSI escapes are escaped");
        yield return new TestCaseData("x\u009b2Jy\u2028z\u202Eq", 1024, "x\\u009B2Jy\\u2028z\\u202Eq").SetName("C1 controls, separators and bidi overrides are escaped");
        yield return new TestCaseData("abcdefgh", 5, "abcde…(+3 chars)").SetName("long values are cut with a marker");
        yield return new TestCaseData("ab\U0001F600cd", 3, "ab…(+4 chars)").SetName("a surrogate pair is never split");
    }

    [TestCaseSource(nameof(Cases))]
    public void Clean(string value, int max, string expected) => Assert.That(LogValues.Clean(value, max), Is.EqualTo(expected));

    [Test]
    public void Clean_ReturnsTheSameInstance_WhenNothingChanges()
    {
        var value = new string('a', 100);

        Assert.That(LogValues.Clean(value), Is.SameAs(value));
    }

    [Test]
    public void Clean_OneMegabyte_IsCutAtTheLimit()
    {
        var value = new string('n', 1024 * 1024);

        Assert.That(LogValues.Clean(value), Is.EqualTo(new string('n', LogValues.MaxLength) + $"…(+{value.Length - LogValues.MaxLength} chars)"));
    }
}
