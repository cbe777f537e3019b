using XdsControlPlane.Compiler.Builders;

namespace XdsControlPlane.Compiler.Tests.Builders;

public sealed class Re2Tests
{
    [TestCase("/api/v[0-9]+/.*", true)]
    [TestCase("^/(foo|bar)$", true)]
    [TestCase("(unbalanced", false)]
    [TestCase("/(?!admin).*", false)]
    [TestCase("(?<=a)b", false)]
    [TestCase("(a)\\1", false)]
    [TestCase("a*+", false)]
    public void IsValid_AcceptsWhatRe2Accepts(string pattern, bool valid) =>
        Assert.That(Re2.IsValid(pattern, out _), Is.EqualTo(valid));

    [Test]
    public void Escape_MakesALiteralMatchItself() =>
        Assert.That(Re2.Escape("/a.b+c(d)[e]{f}^$|?*\\"), Is.EqualTo("/a\\.b\\+c\\(d\\)\\[e\\]\\{f\\}\\^\\$\\|\\?\\*\\\\"));
}
