using System.Text.Json.Nodes;
using XdsControlPlane.Diagnostics;

namespace XdsControlPlane.Tests.Diagnostics;

public sealed class JsonDiffTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        yield return new TestCaseData("""{"a":1}""", """{"a":1}""", "[]").SetName("EqualDocuments_HaveNoDifferences");
        yield return new TestCaseData("""{"a":{"b":1,"c":"x"}}""", """{"a":{"b":2,"c":"x"}}""",
            """[{"path":"a.b","op":"changed","from":1,"to":2}]""").SetName("NestedField_IsNamedByItsPath");
        yield return new TestCaseData("""{"a":1}""", """{"a":1,"b":{"c":true}}""",
            """[{"path":"b","op":"added","from":null,"to":{"c":true}}]""").SetName("NewField_IsAddedWithItsValue");
        yield return new TestCaseData("""{"a":1,"b":2}""", """{"a":1}""",
            """[{"path":"b","op":"removed","from":2,"to":null}]""").SetName("MissingField_IsRemovedWithItsValue");
        yield return new TestCaseData("""{"l":[{"p":1},{"p":2}]}""", """{"l":[{"p":1},{"p":3},{"p":4}]}""",
            """[{"path":"l[1].p","op":"changed","from":2,"to":3},{"path":"l[2]","op":"added","from":null,"to":{"p":4}}]""").SetName("ArrayItems_AreComparedByIndex");
        yield return new TestCaseData("""{"v":"1"}""", """{"v":1}""",
            """[{"path":"v","op":"changed","from":"1","to":1}]""").SetName("ValueOfAnotherJsonType_IsChanged");
    }

    [TestCaseSource(nameof(Cases))]
    public void Fields(string from, string to, string expected)
    {
        var fields = JsonDiff.Fields(JsonNode.Parse(from), JsonNode.Parse(to));

        Assert.That(new JsonArray([.. fields]).ToJsonString(), Is.EqualTo(expected));
    }
}
