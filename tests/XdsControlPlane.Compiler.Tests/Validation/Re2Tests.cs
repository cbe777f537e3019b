using System.Reflection;
using Google.Protobuf.Reflection;
using Validate;
using XdsControlPlane.Model.Validation;

namespace XdsControlPlane.Compiler.Tests.Validation;

/// <summary>RE2 patterns keep their RE2 meaning when matched by .NET.</summary>
public sealed class Re2Tests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        yield return Case("DollarIsEndOfText", "^[^\\x00\\n\\r]*$", "abc", true);
        yield return Case("DollarDoesNotMatchBeforeFinalNewline", "^[^\\x00\\n\\r]*$", "abc\n", false);
        yield return Case("MultilineDollarMatchesAtLineEnd", "(?m)^a$", "a\nb", true);
        yield return Case("DigitIsAsciiOnly", "^\\d+$", "١٢", false);
        yield return Case("WordIsAsciiOnly", "^\\w+$", "é", false);
        yield return Case("SpaceIsAsciiOnly", "^\\s$", "\u00a0", false);
        yield return Case("NegatedDigitInsideClass", "^[\\Da]+$", "xa-", true);
        yield return Case("NegatedDigitInsideClassRejectsDigit", "^[\\D]+$", "x1", false);
        yield return Case("NegatedWordInsideClass", "^[\\W]+$", "-_", false);
        yield return Case("BracedHexEscapeAboveBmp", "^\\x{1F600}$", "😀", true);
        yield return Case("QuotedLiteral", "^\\Q.*+\\E$", ".*+", true);
        yield return Case("QuotedLiteralIsNotARegex", "^\\Q.*\\E$", "abc", false);
        yield return Case("PythonNamedGroup", "^(?P<v>v[0-9])$", "v1", true);
        yield return Case("PosixClass", "^[[:alpha:]_]+$", "ab_c", true);
        yield return Case("PosixClassRejects", "^[[:digit:]]+$", "12a", false);
        yield return Case("SingleLetterUnicodeClass", "^\\pL+$", "é", true);
        yield return Case("LiteralCloseBracketFirstInClass", "^[]a]+$", "]a", true);
        yield return Case("EnvoyPathSeparatedPrefix", "^[^?#]+[^?#/]$", "/api/", false);
    }

    [TestCaseSource(nameof(Cases))]
    public void MatchesLikeRe2(string pattern, string input, bool matches) =>
        Assert.That(Re2.Compile(pattern).IsMatch(input), Is.EqualTo(matches), Re2.Translate(pattern));

    [Test]
    public void SyntaxWithoutATranslationIsRefusedNotGuessed()
    {
        Assert.That(() => Re2.Translate("(?U)a+"), Throws.TypeOf<NotSupportedException>());
        Assert.That(() => Re2.Translate("[[:^alpha:]]"), Throws.TypeOf<NotSupportedException>());
        Assert.That(Re2.TryCompile("\\C"), Is.Null);
    }

    [Test]
    public void CompiledRegexesAreShared()
    {
        var first = Re2.Compile("^a+$");

        Assert.That(Re2.Compile(new string("^a+$")), Is.SameAs(first));
    }

    /// <summary>Every pattern in the Envoy protos translates, so no Envoy pattern rule is silently skipped.</summary>
    [Test]
    public void EveryPatternInTheEnvoyApiTranslates()
    {
        var patterns = EnvoyFieldRules().SelectMany(Patterns).Distinct().ToList();

        Assert.That(patterns, Is.Not.Empty);
        Assert.That(patterns.Where(p => Re2.TryCompile(p) is null), Is.Empty);
    }

    private static IEnumerable<FieldRules> EnvoyFieldRules()
    {
        var files = typeof(Envoy.Config.Cluster.V3.Cluster).Assembly.GetTypes()
            .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
            .Where(p => p?.PropertyType == typeof(FileDescriptor))
            .Select(p => (FileDescriptor)p!.GetValue(null)!);
        return files.SelectMany(f => f.MessageTypes).SelectMany(Flatten)
            .SelectMany(m => m.Fields.InDeclarationOrder())
            .Select(f => f.GetOptions()?.GetExtension(ValidateExtensions.Rules))
            .OfType<FieldRules>();

        static IEnumerable<MessageDescriptor> Flatten(MessageDescriptor m) => m.NestedTypes.SelectMany(Flatten).Prepend(m);
    }

    private static IEnumerable<string> Patterns(FieldRules? rules)
    {
        if (rules is null)
        {
            return [];
        }

        var own = rules.String?.HasPattern == true ? [rules.String.Pattern] : rules.Bytes?.HasPattern == true ? new[] { rules.Bytes.Pattern } : [];
        return own.Concat(Patterns(rules.Repeated?.Items)).Concat(Patterns(rules.Map?.Keys)).Concat(Patterns(rules.Map?.Values));
    }

    private static TestCaseData Case(string name, string pattern, string input, bool matches) =>
        new TestCaseData(pattern, input, matches).SetName(name);
}
