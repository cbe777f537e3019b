using System.Text;
using XdsControlPlane.Sources.Documents;

namespace XdsControlPlane.Sources.Tests.Documents;

/// <summary>
/// Every bound of <see cref="DocumentLimits"/> is an error at the position it is passed, never a crash. The deep-nesting
/// inputs are the ones of issue 10 (D1): before the readers built trees without recursion, they overflowed the stack and
/// killed the process.
/// </summary>
public sealed class DocumentLimitsTests
{
    /// <summary>The 24 KB manifest of issue 10: a Service whose spec is <c>[</c> nested 12,000 deep.</summary>
    public static string FlowNested12000 => "apiVersion: v1\nkind: Service\nmetadata: {name: deep, namespace: shop}\nspec: "
        + new string('[', 12_000) + new string(']', 12_000) + "\n";

    /// <summary>A Service whose spec is block sequences nested 15,000 deep (<c>- - - … x</c>).</summary>
    public static string BlockNested15000 => "apiVersion: v1\nkind: Service\nmetadata: {name: deep, namespace: shop}\nspec:\n"
        + string.Concat(Enumerable.Repeat("- ", 15_000)) + "x\n";

    [Test]
    public void Yaml_AFlowSequenceNested12000Deep_IsAnError_NotAStackOverflow()
    {
        var error = Assert.Throws<DocumentParseException>(() => YamlDocumentReader.Read(FlowNested12000));

        Assert.That(error!.Message, Is.EqualTo("nesting is deeper than 128 levels"));
        Assert.That((error.Line, error.Column), Is.EqualTo((4, 134)), "the 128th '[' opens depth 129 (the root object is depth 1)");
    }

    [Test]
    public void Yaml_BlockSequencesNested15000Deep_AreAnError_NotAStackOverflow()
    {
        var error = Assert.Throws<DocumentParseException>(() => YamlDocumentReader.Read(BlockNested15000));

        Assert.That(error!.Message, Is.EqualTo("nesting is deeper than 128 levels"));
        Assert.That(error.Line, Is.EqualTo(5));
    }

    [Test]
    public void Json_AnArrayNested12000Deep_IsAnError()
    {
        var json = "{\"spec\": " + new string('[', 12_000) + new string(']', 12_000) + "}";

        var error = Assert.Throws<DocumentParseException>(() => JsonDocumentReader.Read(Encoding.UTF8.GetBytes(json)));

        Assert.That(error!.Message, Does.Contain("depth of 128"));
    }

    [Test]
    public void Yaml_NestingExactlyAtTheLimit_IsRead()
    {
        var limits = new DocumentLimits { MaxDepth = 5 };

        var root = (MappingNode)YamlDocumentReader.Read("a: [[[[x]]]]", limits: limits).Single()!;
        Assert.That(((ScalarNode)NodePath.Resolve(root, "a[0][0][0][0]")).Text, Is.EqualTo("x"));
        Assert.Throws<DocumentParseException>(() => YamlDocumentReader.Read("a: [[[[[x]]]]]", limits: limits));
    }

    [Test]
    public void Yaml_AliasesThatNestPastTheLimit_AreAnError()
    {
        // Each line is shallow; together the aliases build a list 200 deep.
        var lines = new List<string> { "l0: &l0 [x]" };
        lines.AddRange(Enumerable.Range(1, 200).Select(i => $"l{i}: &l{i} [*l{i - 1}]"));

        var error = Assert.Throws<DocumentParseException>(() => YamlDocumentReader.Read(string.Join("\n", lines)));

        Assert.That(error!.Message, Does.StartWith("nesting is deeper than 128 levels (through alias *l"));
    }

    [Test]
    public void Yaml_AnAliasInsideItsOwnAnchor_IsAnError() =>
        Assert.That(Assert.Throws<DocumentParseException>(() => YamlDocumentReader.Read("a: &a [1, *a]"))!.Message, Does.Contain("names no anchor defined before it"));

    [Test]
    public void Yaml_AnAliasIsTheSameTreeWhereverItIsUsed()
    {
        var root = (MappingNode)YamlDocumentReader.Read("a: &x {k: v}\nb: *x\n").Single()!;

        Assert.That(root["b"], Is.SameAs(root["a"]));
    }

    [TestCase("a: 12345678901\n", "a value of 11 characters is longer than 10", TestName = "Yaml_AScalarLongerThanTheLimit_IsAnError")]
    [TestCase("abcdefghijk: 1\n", "a key of 11 characters is longer than 10", TestName = "Yaml_AKeyLongerThanTheLimit_IsAnError")]
    [TestCase("a: 1\n---\nb: 2\n---\nc: 3\n", "the file holds more than 2 documents", TestName = "Yaml_MoreDocumentsThanTheLimit_AreAnError")]
    [TestCase("a: [1, 2, 3, 4, 5, 6, 7, 8, 9]\n", "the document expands to more than 10 nodes (nested aliases?)", TestName = "Yaml_MoreNodesThanTheLimit_AreAnError")]
    public void Yaml_Bounds(string yaml, string message)
    {
        var limits = new DocumentLimits { MaxScalarLength = 10, MaxKeyLength = 10, MaxDocuments = 2, MaxNodes = 10 };

        var error = Assert.Throws<DocumentParseException>(() => YamlDocumentReader.Read(yaml, limits: limits));

        Assert.That(error!.Message, Is.EqualTo(message));
    }

    [Test]
    public void Yaml_ADocumentLongerThanTheLimit_IsAnError()
    {
        var limits = new DocumentLimits { MaxDocumentLength = 100 };
        var yaml = "a: 1\n---\nb: [" + string.Join(", ", Enumerable.Range(0, 50)) + "]\n";

        var error = Assert.Throws<DocumentParseException>(() => YamlDocumentReader.Read(yaml, limits: limits));

        Assert.That((error!.Line, error.Message), Is.EqualTo((3, "the document is longer than 100 characters")));
    }

    [TestCase("{\"a\": \"12345678901\"}", "a value of 11 characters is longer than 10", TestName = "Json_AStringLongerThanTheLimit_IsAnError")]
    [TestCase("{\"a\": 12345678901}", "a number of 11 digits is longer than 10", TestName = "Json_ANumberLongerThanTheLimit_IsAnError")]
    [TestCase("{\"abcdefghijk\": 1}", "a key of 11 characters is longer than 10", TestName = "Json_AKeyLongerThanTheLimit_IsAnError")]
    [TestCase("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]", "the document has more than 10 nodes", TestName = "Json_MoreNodesThanTheLimit_AreAnError")]
    [TestCase("[\"0123456789\", \"0123456789\", \"0123456789\", 1]", "the JSON value is 45 bytes, more than 40", TestName = "Json_MoreBytesThanTheLimit_AreAnError")]
    public void Json_Bounds(string json, string message)
    {
        var limits = new DocumentLimits { MaxScalarLength = 10, MaxKeyLength = 10, MaxNodes = 10, MaxDocumentLength = 40 };

        var error = Assert.Throws<DocumentParseException>(() => JsonDocumentReader.Read(Encoding.UTF8.GetBytes(json), limits));

        Assert.That(error!.Message, Is.EqualTo(message));
    }
}
