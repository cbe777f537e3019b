using XdsControlPlane.Sources.Policies;

namespace XdsControlPlane.Sources.Tests.Policies;

/// <summary>Policy files (for <c>policies apply -f</c>) become the JSON the API takes, mapping to the same records as the YAML.</summary>
public sealed class PolicyFilesTests
{
    [Test]
    public void UnquotedYamlScalars_BecomeJsonNumbersAndBooleans_QuotedOnesStayStrings()
    {
        var objects = PolicyFiles.ReadObjects("{a: 3, b: true, c: 1s, d: \"3\", e: 007, f: null, g: -1.5e3, h: yes}", json: false);

        Assert.That(objects, Is.EqualTo(new[] { """{"a":3,"b":true,"c":"1s","d":"3","e":"007","f":null,"g":-1.5e3,"h":"yes"}""" }));
    }

    [Test]
    public void ManyDocumentsAndLists_AreExpandedInOrder()
    {
        var objects = PolicyFiles.ReadObjects("""
            {kind: XdsPolicy, metadata: {name: a}}
            ---
            kind: XdsPolicyList
            items: [{metadata: {name: b}}, {metadata: {name: c}}]
            ---
            """, json: false);

        Assert.That(objects, Is.EqualTo(new[]
        {
            """{"kind":"XdsPolicy","metadata":{"name":"a"}}""",
            """{"metadata":{"name":"b"}}""",
            """{"metadata":{"name":"c"}}""",
        }));
    }

    [Test]
    public void AFileThatDoesNotParse_NamesTheLine()
    {
        var error = Assert.Throws<FormatException>(() => PolicyFiles.ReadObjects("a: 1\nb: [\n", json: false));

        Assert.That(error!.Message, Does.StartWith("invalid YAML at line"));
    }

    [Test]
    public void JsonFiles_AreReadAsOneValue()
    {
        Assert.That(PolicyFiles.ReadObjects("{\"metadata\": {\"name\": \"x\"}}", json: true), Is.EqualTo(new[] { """{"metadata":{"name":"x"}}""" }));
    }
}
