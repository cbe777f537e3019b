using Google.Protobuf.WellKnownTypes;
using Validate;

namespace XdsControlPlane.Compiler.Tests.Validation;

/// <summary>
/// Numeric, bool, enum, duration, timestamp, bytes and Any rules on single values, including protoc-gen-validate's
/// reversed ranges: with an upper bound not above the lower one, the range between them is what is excluded.
/// </summary>
public sealed class NumericAndTimeRuleTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        var excluded = new FieldRules { Int32 = new Int32Rules { Lt = 10, Gt = 20 } };
        yield return Case("Int32_LtBelowGt_BelowRangeIsValid", excluded, 5);
        yield return Case("Int32_LtBelowGt_LtItselfIsExcluded", excluded, 10, "int32.range");
        yield return Case("Int32_LtBelowGt_InsideIsExcluded", excluded, 15, "int32.range");
        yield return Case("Int32_LtBelowGt_GtItselfIsExcluded", excluded, 20, "int32.range");
        yield return Case("Int32_LtBelowGt_AboveRangeIsValid", excluded, 21);
        var excludedOpen = new FieldRules { Int32 = new Int32Rules { Lte = 10, Gte = 20 } };
        yield return Case("Int32_LteBelowGte_LteItselfIsValid", excludedOpen, 10);
        yield return Case("Int32_LteBelowGte_GteItselfIsValid", excludedOpen, 20);
        yield return Case("Int32_LteBelowGte_InsideIsExcluded", excludedOpen, 11, "int32.range");
        var inside = new FieldRules { Int32 = new Int32Rules { Gt = 10, Lt = 20 } };
        yield return Case("Int32_GtLt_LowerEdgeBreaksGt", inside, 10, "int32.gt");
        yield return Case("Int32_GtLt_InsideIsValid", inside, 19);
        yield return Case("Int32_GtLt_UpperEdgeBreaksLt", inside, 20, "int32.lt");
        yield return Case("UInt64_Const", new FieldRules { Uint64 = new UInt64Rules { Const = 5 } }, 6UL, "uint64.const");
        yield return Case("Sint64_Gte", new FieldRules { Sint64 = new SInt64Rules { Gte = -3 } }, -4L, "sint64.gte");
        yield return Case("Fixed32_InAndNotIn", new FieldRules { Fixed32 = new Fixed32Rules { In = { 1, 2 }, NotIn = { 3 } } }, 3U, "fixed32.in", "fixed32.not_in");
        yield return Case("Double_In", new FieldRules { Double = new DoubleRules { In = { 1.5, 2.5 } } }, 2.0, "double.in");
        yield return Case("Float_GtZero", new FieldRules { Float = new FloatRules { Gt = 0 } }, 0f, "float.gt");
        yield return Case("UInt32_WrapperMessageIsUnwrapped", new FieldRules { Uint32 = new UInt32Rules { Lte = 65535 } }, new UInt32Value { Value = 70000 }, "uint32.lte");
        yield return Case("Bool_Const", new FieldRules { Bool = new BoolRules { Const = true } }, false, "bool.const");
        yield return Case("Enum_ConstAndIn", new FieldRules { Enum = new EnumRules { Const = 1, In = { 1, 2 } } }, 3, "enum.const", "enum.in");
        yield return Case("Enum_DefinedValueIsValid", new FieldRules { Enum = new EnumRules { DefinedOnly = true } }, Envoy.Config.Cluster.V3.Cluster.Types.LbPolicy.Maglev);
        var seconds = new FieldRules { Duration = new DurationRules { Lte = Duration.FromTimeSpan(TimeSpan.FromSeconds(1)), NotIn = { new Duration { Nanos = 5 } } } };
        yield return Case("Duration_LteOneSecond", seconds, new Duration { Seconds = 1, Nanos = 1 }, "duration.lte");
        yield return Case("Duration_NotIn", seconds, new Duration { Nanos = 5 }, "duration.not_in");
        yield return Case("Duration_Const", new FieldRules { Duration = new DurationRules { Const = new Duration { Seconds = 2 } } }, new Duration { Seconds = 3 }, "duration.const");
        yield return Case("Duration_In", new FieldRules { Duration = new DurationRules { In = { new Duration { Seconds = 2 } } } }, new Duration { Seconds = 3 }, "duration.in");
        var epoch = new FieldRules { Timestamp = new TimestampRules { Gt = new Timestamp { Seconds = 0 }, Lt = new Timestamp { Seconds = 100 } } };
        yield return Case("Timestamp_InsideRange", epoch, new Timestamp { Seconds = 50 });
        yield return Case("Timestamp_AtUpperBound", epoch, new Timestamp { Seconds = 100 }, "timestamp.lt");
        yield return Case("Bytes_LenAndIpv4", new FieldRules { Bytes = new BytesRules { MinLen = 5, Ipv4 = true } }, Google.Protobuf.ByteString.CopyFrom(1, 2, 3), "bytes.min_len", "bytes.ipv4");
        yield return Case("Bytes_Ipv6IsSixteenBytes", new FieldRules { Bytes = new BytesRules { Ipv6 = true } }, Google.Protobuf.ByteString.CopyFrom(new byte[16]));
        var anyRules = new FieldRules { Any = new AnyRules { In = { "type.googleapis.com/a.A" }, NotIn = { "type.googleapis.com/b.B" } } };
        yield return Case("Any_In", anyRules, new Any { TypeUrl = "type.googleapis.com/c.C" }, "any.in");
        yield return Case("Any_NotIn", new FieldRules { Any = new AnyRules { NotIn = { "type.googleapis.com/b.B" } } }, new Any { TypeUrl = "type.googleapis.com/b.B" }, "any.not_in");
    }

    [TestCaseSource(nameof(Cases))]
    public void BreaksExactly(FieldRules rules, object value, string[] expected) =>
        Assert.That(Rules.Broken(rules, value), Is.EqualTo(expected));

    [Test]
    public void RangeMessagesShowTheRangeAndTheValue()
    {
        Assert.That(Rules.Messages(new FieldRules { Uint32 = new UInt32Rules { Gte = 200, Lt = 600 } }, 600U), Is.EqualTo(new[] { "value must be inside range [200, 600), got 600" }));
        Assert.That(Rules.Messages(new FieldRules { Int32 = new Int32Rules { Lt = 10, Gt = 20 } }, 15), Is.EqualTo(new[] { "value must be outside range [10, 20], got 15" }));
        Assert.That(Rules.Messages(new FieldRules { Duration = new DurationRules { Gte = new Duration { Nanos = 1_000_000 } } }, new Duration { Nanos = 500 }), Is.EqualTo(new[] { "value must be greater than or equal to 0.001s, got 0.0000005s" }));
    }

    private static TestCaseData Case(string name, FieldRules rules, object value, params string[] expected) =>
        new TestCaseData(rules, value, expected).SetName(name);
}
