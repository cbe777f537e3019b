using System.Text;
using XdsControlPlane.Sources.Documents;
using XdsControlPlane.Sources.Policies;

namespace XdsControlPlane.Sources.Tests.Fuzz;

/// <summary>
/// Every fuzzing finding, as a named regression test with the smallest input that showed it. The inputs the fuzzer saved
/// are in the corpus too (Fuzz/corpus/*/finding-*), so the fuzz runs keep trying them.
/// </summary>
public sealed class FuzzFindingsTests
{
    // Finding 1 (policy fuzzing): a JSON string or key holding a lone surrogate escape made Utf8JsonReader.GetString throw
    // InvalidOperationException, which is not a JsonException: PolicyDocument.Parse let it escape, and the policy API
    // answered a POST with a server error instead of 400.
    [TestCase("{\"a\": \"\\ud800\"}", TestName = "Finding1_Json_ALoneSurrogateInAString_IsAParseError")]
    [TestCase("{\"a\": \"x\\udc00\"}", TestName = "Finding1_Json_ALoneLowSurrogateInAString_IsAParseError")]
    [TestCase("{\"ki\\ud800nd\": 1}", TestName = "Finding1_Json_ALoneSurrogateInAKey_IsAParseError")]
    public void Finding1_Json(string json)
    {
        var error = Assert.Throws<DocumentParseException>(() => JsonDocumentReader.Read(Encoding.UTF8.GetBytes(json)));

        Assert.That((error!.Line, error.Message), Is.EqualTo((1, "a string holds an escape that is not valid UTF-16 (a lone surrogate such as \\ud800)")));
    }

    [TestCase("finding-lone-surrogate-value.json", 1, TestName = "Finding1_PolicyBody_WithALoneSurrogateValue_IsRefusedWithAParseError")]
    [TestCase("finding-lone-surrogate-key.json", 10, TestName = "Finding1_PolicyBody_WithALoneSurrogateKey_IsRefusedWithAParseError")]
    public void Finding1_PolicyBody(string file, int line)
    {
        var body = File.ReadAllText(Path.Combine(ManifestFuzzTests.Corpus("policies"), file));

        var (policy, errors) = PolicyDocument.Parse(body);

        Assert.That(policy, Is.Null);
        var error = errors.Single();
        Assert.That(error.Reason, Is.EqualTo("ParseError"));
        Assert.That(error.Message, Does.StartWith($"invalid JSON at line {line}, column ")
            .And.EndWith(": a string holds an escape that is not valid UTF-16 (a lone surrogate such as \\ud800)"));
    }

    // The same input in YAML: YamlDotNet's scanner already refuses it (a lone surrogate could not be written as JSON by
    // policy files, nor as UTF-8 by protobuf); these keep it so.
    [TestCase("a: \"\\ud800\"\n", TestName = "Finding1_Yaml_ALoneSurrogateInAValue_IsAParseError")]
    [TestCase("\"k\\udfff\": 1\n", TestName = "Finding1_Yaml_ALoneSurrogateInAKey_IsAParseError")]
    public void Finding1_Yaml(string yaml)
    {
        var error = Assert.Throws<DocumentParseException>(() => YamlDocumentReader.Read(yaml));

        Assert.That(error!.Message, Does.Contain("invalid Unicode surrogate"));
    }

    [Test]
    public void Finding1_Yaml_APairedSurrogateEscape_IsRead() =>
        Assert.That(((ScalarNode)((MappingNode)YamlDocumentReader.Read("a: \"\\ud83d\\ude00 \\U0001F600\"")[0]!)["a"]!).Text, Is.EqualTo("\U0001F600 \U0001F600"));
}
