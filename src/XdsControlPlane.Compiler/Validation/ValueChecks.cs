using Google.Protobuf.Reflection;
using Validate;

namespace XdsControlPlane.Compiler.Validation;

/// <summary>Compiles the value-level part of a <see cref="FieldRules"/> into one <see cref="ValueCheck"/>.</summary>
internal static class ValueChecks
{
    /// <summary>
    /// The check for one value of <paramref name="valueField"/> (the field, or a map entry's key or value field),
    /// or null when the rules check nothing at this level. <paramref name="prefix"/> starts every rule name.
    /// </summary>
    public static ValueCheck? For(FieldRules? rules, FieldDescriptor valueField, string prefix)
    {
        if (rules is null || rules.TypeCase is FieldRules.TypeOneofCase.None or FieldRules.TypeOneofCase.Repeated or FieldRules.TypeOneofCase.Map)
        {
            return null;
        }

        var kind = prefix + FieldRules.Descriptor.FindFieldByNumber((int)rules.TypeCase).Name;
        return rules.TypeCase switch
        {
            FieldRules.TypeOneofCase.String => StringCheck.Create(rules.String, kind),
            FieldRules.TypeOneofCase.Bytes => BytesCheck.Create(rules.Bytes, kind),
            FieldRules.TypeOneofCase.Bool => BoolCheck.Create(rules.Bool, kind),
            FieldRules.TypeOneofCase.Enum => EnumCheck.Create(rules.Enum, valueField.FieldType == FieldType.Enum ? valueField.EnumType : null, kind),
            FieldRules.TypeOneofCase.Any => AnyCheck.Create(rules.Any, kind),
            FieldRules.TypeOneofCase.Duration => DurationCheck.Create(rules.Duration, kind),
            FieldRules.TypeOneofCase.Timestamp => TimestampCheck.Create(rules.Timestamp, kind),
            _ => NumericChecks.Create(rules, kind),
        };
    }

    /// <summary>The rule that makes a singular message field required, if any: <c>message</c>, <c>duration</c>, <c>any</c> or <c>timestamp</c>.</summary>
    public static string? RequiredRule(FieldRules? rules) =>
        rules is null ? null
        : rules.Message?.Required == true ? "message.required"
        : rules.TypeCase == FieldRules.TypeOneofCase.Duration && rules.Duration.Required ? "duration.required"
        : rules.TypeCase == FieldRules.TypeOneofCase.Any && rules.Any.Required ? "any.required"
        : rules.TypeCase == FieldRules.TypeOneofCase.Timestamp && rules.Timestamp.Required ? "timestamp.required"
        : null;

    /// <summary>Whether <c>message.skip</c> turns off walking into the message.</summary>
    public static bool Skips(FieldRules? rules) => rules?.Message?.Skip == true;
}
