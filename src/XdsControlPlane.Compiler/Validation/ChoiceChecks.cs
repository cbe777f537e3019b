using Google.Protobuf.Reflection;
using Validate;

namespace XdsControlPlane.Compiler.Validation;

/// <summary><c>bool.const</c>.</summary>
internal sealed class BoolCheck(bool expected, string kind) : ValueCheck
{
    private readonly string _rule = kind + ".const";

    public static BoolCheck? Create(BoolRules rules, string kind) => rules.HasConst ? new BoolCheck(rules.Const, kind) : null;

    public override void Check(object value, ConstraintWalker walker)
    {
        if (Unwrap(value) is bool actual && actual != expected)
        {
            walker.Report(_rule, $"value must equal {(expected ? "true" : "false")}");
        }
    }
}

/// <summary>Enum rules: <c>const</c>, <c>defined_only</c> (the number names a value of the enum), <c>in</c>, <c>not_in</c>.</summary>
internal sealed class EnumCheck : ValueCheck
{
    private readonly EnumRules _rules;
    private readonly string _kind;
    private readonly HashSet<int>? _defined;
    private readonly HashSet<int>? _in;
    private readonly HashSet<int>? _notIn;

    private EnumCheck(EnumRules rules, EnumDescriptor type, string kind)
    {
        _rules = rules;
        _kind = kind;
        _defined = rules.DefinedOnly ? [.. type.Values.Select(v => v.Number)] : null;
        _in = rules.In.Count > 0 ? [.. rules.In] : null;
        _notIn = rules.NotIn.Count > 0 ? [.. rules.NotIn] : null;
    }

    public static EnumCheck? Create(EnumRules rules, EnumDescriptor? type, string kind) =>
        type is not null && (rules.HasConst || rules.DefinedOnly || rules.In.Count > 0 || rules.NotIn.Count > 0)
            ? new EnumCheck(rules, type, kind)
            : null;

    public override void Check(object value, ConstraintWalker walker)
    {
        if (value is not Enum && value is not int)
        {
            return;
        }

        // A boxed generated enum unboxes to its underlying int.
        var number = (int)value;
        if (_rules.HasConst && number != _rules.Const)
        {
            walker.Report(_kind + ".const", $"value must equal {_rules.Const}, got {number}");
        }

        if (_defined is not null && !_defined.Contains(number))
        {
            walker.Report(_kind + ".defined_only", $"value must be one of the defined enum values, got {number}");
        }

        if (_in is not null && !_in.Contains(number))
        {
            walker.Report(_kind + ".in", $"value must be in list [{string.Join(", ", _rules.In)}], got {number}");
        }

        if (_notIn is not null && _notIn.Contains(number))
        {
            walker.Report(_kind + ".not_in", $"value must not be in list [{string.Join(", ", _rules.NotIn)}], got {number}");
        }
    }
}
