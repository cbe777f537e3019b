using Envoy.Config.Cluster.V3;
using Google.Protobuf.Reflection;
using Validate;
using XdsControlPlane.Compiler.Validation;

namespace XdsControlPlane.Compiler.Tests.Validation;

/// <summary>Runs one compiled rule family on one value, the way the walker does for a field.</summary>
internal static class Rules
{
    private static readonly FieldDescriptor _enumField = Cluster.Descriptor.FindFieldByName("lb_policy");

    /// <summary>The rule names broken by <paramref name="value"/> under <paramref name="rules"/>.</summary>
    public static string[] Broken(FieldRules rules, object value)
    {
        var check = ValueChecks.For(rules, _enumField, string.Empty) ?? throw new ArgumentException($"rules {rules} check nothing");
        var walker = new ConstraintWalker(new PlanCache(TypeUrlCatalog.Envoy));
        check.Check(value, walker);
        return [.. walker.Reported.Select(v => v.Rule)];
    }

    /// <summary>The messages of the violations, for wording checks.</summary>
    public static string[] Messages(FieldRules rules, object value)
    {
        var check = ValueChecks.For(rules, _enumField, string.Empty)!;
        var walker = new ConstraintWalker(new PlanCache(TypeUrlCatalog.Envoy));
        check.Check(value, walker);
        return [.. walker.Reported.Select(v => v.Message)];
    }
}
