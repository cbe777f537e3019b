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
        yield return new TestCaseData("""{"l":[1,2,3]}""", """{"l":[0,1,2,3]}""",
            """[{"path":"l[0]","op":"added","from":null,"to":0}]""").SetName("ElementInsertedInFront_IsOneAddition_NotAShiftOfTheRest");
        yield return new TestCaseData("""{"l":[{"p":1},{"p":2},{"p":3}]}""", """{"l":[{"p":1},{"p":3}]}""",
            """[{"path":"l[1]","op":"removed","from":{"p":2},"to":null}]""").SetName("ElementRemovedFromTheMiddle_IsOneRemovalAtItsOldIndex");
        yield return new TestCaseData(
            """{"routes":[{"name":"a","t":1},{"name":"b","t":1},{"name":"c","t":1}]}""",
            """{"routes":[{"name":"new","t":0},{"name":"a","t":1},{"name":"c","t":2}]}""",
            """[{"path":"routes[name=b]","op":"removed","from":{"name":"b","t":1},"to":null},{"path":"routes[name=c].t","op":"changed","from":1,"to":2},"""
            + """{"path":"routes[name=new]","op":"added","from":null,"to":{"name":"new","t":0}}]""")
            .SetName("NamedElements_AreMatchedByName");
        yield return new TestCaseData(
            """{"routes":[{"name":"a"},{"name":"b"}]}""", """{"routes":[{"name":"b"},{"name":"a"}]}""",
            """[{"path":"routes[*].name","op":"changed","from":["a","b"],"to":["b","a"]}]""").SetName("NamedElementsInANewOrder_AreOneChangeOfTheNameSequence");
        yield return new TestCaseData(
            """{"l":[{"name":"a","v":1},{"name":"a","v":2}]}""", """{"l":[{"name":"a","v":1},{"name":"a","v":3}]}""",
            """[{"path":"l[1].v","op":"changed","from":2,"to":3}]""").SetName("RepeatedNames_FallBackToPositions");
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
