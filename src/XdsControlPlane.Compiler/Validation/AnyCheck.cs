using Google.Protobuf.WellKnownTypes;
using Validate;

namespace XdsControlPlane.Compiler.Validation;

/// <summary>
/// <c>any.in</c> and <c>any.not_in</c> on the type URL. <c>any.required</c> is a field-level rule, and the packed
/// message itself is walked by <see cref="ConstraintWalker"/>.
/// </summary>
internal sealed class AnyCheck : ValueCheck
{
    private readonly AnyRules _rules;
    private readonly string _kind;
    private readonly HashSet<string>? _in;
    private readonly HashSet<string>? _notIn;

    private AnyCheck(AnyRules rules, string kind)
    {
        _rules = rules;
        _kind = kind;
        _in = rules.In.Count > 0 ? new HashSet<string>(rules.In, StringComparer.Ordinal) : null;
        _notIn = rules.NotIn.Count > 0 ? new HashSet<string>(rules.NotIn, StringComparer.Ordinal) : null;
    }

    public static AnyCheck? Create(AnyRules rules, string kind) =>
        rules.In.Count > 0 || rules.NotIn.Count > 0 ? new AnyCheck(rules, kind) : null;

    public override void Check(object value, ConstraintWalker walker)
    {
        if (value is not Any any)
        {
            return;
        }

        if (_in is not null && !_in.Contains(any.TypeUrl))
        {
            walker.Report(_kind + ".in", $"type URL must be in list [{string.Join(", ", _rules.In)}], got \"{any.TypeUrl}\"");
        }

        if (_notIn is not null && _notIn.Contains(any.TypeUrl))
        {
            walker.Report(_kind + ".not_in", $"type URL must not be in list [{string.Join(", ", _rules.NotIn)}], got \"{any.TypeUrl}\"");
        }
    }
}
