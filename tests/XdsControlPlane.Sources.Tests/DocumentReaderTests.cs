using System.Text;
using XdsControlPlane.Sources.Documents;

namespace XdsControlPlane.Sources.Tests;

/// <summary>The line-aware document tree, from YAML and from JSON.</summary>
public sealed class DocumentReaderTests
{
    [Test]
    public void Yaml_NodesKnowTheirLines_AcrossDocuments()
    {
        var documents = YamlDocumentReader.Read("a: 1\n---\n\nb:\n  c: [x, 'y']\n");

        Assert.That(documents, Has.Count.EqualTo(2));
        var second = (MappingNode)documents[1]!;
        var c = (SequenceNode)NodePath.Resolve(second, "b.c");
        Assert.That((c.Line, c.Items[1].Line, c.Items[1].Column), Is.EqualTo((5, 5, 10)));
        Assert.That(((ScalarNode)c.Items[0]).Kind, Is.EqualTo(ScalarKind.Plain));
        Assert.That(((ScalarNode)c.Items[1]).Kind, Is.EqualTo(ScalarKind.String));
    }

    [Test]
    public void Json_NodesKnowTheirLines()
    {
        var root = JsonDocumentReader.Read(Encoding.UTF8.GetBytes("\uFEFF{\n  \"a\": {\n    \"b\": [1, \"2\", true, null]\n  }\n}"));

        var items = ((SequenceNode)NodePath.Resolve(root, "a.b")).Items.Cast<ScalarNode>().ToList();
        Assert.That(items.Select(i => (i.Kind, i.Text, i.Line)), Is.EqualTo(new[]
        {
            (ScalarKind.Number, "1", 3), (ScalarKind.String, "2", 3), (ScalarKind.Boolean, "true", 3), (ScalarKind.Null, "", 3),
        }));
    }

    [TestCase("a: 1\na: 2\n", 2, TestName = "Yaml_DuplicateKeysAreRejected")]
    [TestCase("a: [1, 2\nb: 3\n", 2, TestName = "Yaml_UnclosedFlowSequenceIsRejected")]
    [TestCase("a:\n  b: 1\n c: 2\n", 3, TestName = "Yaml_BadIndentationIsRejected")]
    public void Yaml_ErrorsCarryALine(string yaml, int line)
    {
        var error = Assert.Throws<DocumentParseException>(() => YamlDocumentReader.Read(yaml));
        Assert.That(error!.Line, Is.EqualTo(line), error.Message);
    }

    [Test]
    public void Yaml_AliasBombsAreRejected()
    {
        // Ten copies of ten copies of ... (eight levels): 10^8 nodes once aliases are expanded.
        var lines = new List<string> { "l0: &l0 [x, x, x, x, x, x, x, x, x, x]" };
        for (var i = 1; i < 8; i++)
        {
            lines.Add($"l{i}: &l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 10))}]");
        }

        var error = Assert.Throws<DocumentParseException>(() => YamlDocumentReader.Read(string.Join("\n", lines)));
        Assert.That(error!.Message, Does.Contain("more than 1000000 nodes"));
    }

    [TestCase("{\"a\": 1,\n \"a\": 2}", 2, TestName = "Json_DuplicateKeysAreRejected")]
    [TestCase("{\"a\": 1}\n{\"b\": 2}", 2, TestName = "Json_TwoValuesAreRejected")]
    [TestCase("{\n\n  \"a\": tru }", 3, TestName = "Json_BadTokensAreRejected")]
    public void Json_ErrorsCarryALine(string json, int line)
    {
        var error = Assert.Throws<DocumentParseException>(() => JsonDocumentReader.Read(Encoding.UTF8.GetBytes(json)));
        Assert.That(error!.Line, Is.EqualTo(line), error.Message);
    }

    [Test]
    public void NodePath_QuotesKeysWithDots_AndResolvesThem()
    {
        var root = YamlDocumentReader.Read("metadata:\n  labels:\n    kubernetes.io/service-name: web\n")[0]!;
        var path = NodePath.Key("metadata.labels", "kubernetes.io/service-name");

        Assert.That(path, Is.EqualTo("metadata.labels[\"kubernetes.io/service-name\"]"));
        Assert.That(((ScalarNode)NodePath.Resolve(root, path)).Text, Is.EqualTo("web"));
        Assert.That(NodePath.Resolve(root, "metadata.labels.missing[3]").Line, Is.EqualTo(3), "the deepest node that exists");
    }

    [Test]
    public void QuotedNumbers_AreStrings_AndRejectedWhereANumberIsExpected()
    {
        var mapped = Assets.Map("""
            apiVersion: v1
            kind: Service
            metadata: {name: s}
            spec:
              ports: [{port: "80"}]
            """);

        Assert.That(mapped.Errors.Single().ToString(),
            Is.EqualTo("Service default/s: spec.ports[0].port: must be an integer, got the string '80' (write it without quotes) (inline.yaml:5)"));
    }

    [Test]
    public void MissingIdentity_IsReported()
    {
        var mapped = Assets.Map("kind: Service\nmetadata: {namespace: x}\n");

        Assert.That(mapped.Errors.Select(e => (e.Object.Kind, e.Field)), Is.EqualTo(new[] { ("Service", "apiVersion") }));
        Assert.That(Assets.Map("apiVersion: v1\nkind: Service\nmetadata: {namespace: x}\n").Errors.Select(e => e.Field), Is.EqualTo(new[] { "metadata.name" }));
    }
}
