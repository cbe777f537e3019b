using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Validate;

namespace XdsControlPlane.Compiler.Validation;

/// <summary>What to check on one field of a message type, compiled once from its <c>(validate.rules)</c>.</summary>
internal abstract class FieldPlan(FieldDescriptor field)
{
    protected IFieldAccessor Accessor { get; } = field.Accessor;

    protected string Name { get; } = field.Name;

    public abstract void Walk(IMessage message, ConstraintWalker walker);

    /// <summary>
    /// The plan for a field, or null when there is nothing to check on it: no rules and no message below it
    /// that has any. <paramref name="walkable"/> gives the plan of a message type worth walking into, else null.
    /// </summary>
    public static FieldPlan? Create(FieldDescriptor field, FieldRules? rules, Func<MessageDescriptor, MessagePlan?> walkable)
    {
        if (field.IsMap)
        {
            return MapFieldPlan.TryCreate(field, rules, walkable);
        }

        if (field.IsRepeated)
        {
            return RepeatedFieldPlan.TryCreate(field, rules, walkable);
        }

        var check = ValueChecks.For(rules, field, string.Empty);
        var required = field.FieldType == FieldType.Message ? ValueChecks.RequiredRule(rules) : null;
        var target = field.FieldType == FieldType.Message && !ValueChecks.Skips(rules) ? walkable(field.MessageType) : null;
        return check is null && required is null && target is null ? null : new SingularFieldPlan(field, required, check, target);
    }
}

/// <summary>
/// A singular field, presence-aware: an unset optional scalar is not checked, and a oneof member that is not the
/// chosen case is not checked at all — not even <c>message.required</c>, which protoc-gen-validate only applies
/// to the case that is set (whether some case must be set is the oneof's own <c>(validate.required)</c>).
/// </summary>
internal sealed class SingularFieldPlan(FieldDescriptor field, string? requiredRule, ValueCheck? check, MessagePlan? target) : FieldPlan(field)
{
    private readonly bool _isMessage = field.FieldType == FieldType.Message;
    private readonly bool _hasPresence = field.HasPresence;
    private readonly string? _requiredRule = field.RealContainingOneof is null ? requiredRule : null;

    public override void Walk(IMessage message, ConstraintWalker walker)
    {
        // Message fields (wrappers included) read as null when unset; scalars with presence say so.
        if (!_isMessage && _hasPresence && !Accessor.HasValue(message))
        {
            return;
        }

        var value = Accessor.GetValue(message);
        if (value is null && _requiredRule is null)
        {
            return;
        }

        walker.Path.PushField(Name);
        if (value is null)
        {
            walker.Report(_requiredRule!, "value is required");
        }
        else
        {
            check?.Check(value, walker);
            if (target is not null && value is IMessage child)
            {
                walker.WalkMessage(child, target);
            }
        }

        walker.Path.Pop();
    }
}

/// <summary>A repeated field: <c>min_items</c>, <c>max_items</c>, <c>unique</c>, then each element.</summary>
internal sealed class RepeatedFieldPlan(FieldDescriptor field, RepeatedRules? rules, ValueCheck? items, MessagePlan? target) : FieldPlan(field)
{
    public static RepeatedFieldPlan? TryCreate(FieldDescriptor field, FieldRules? rules, Func<MessageDescriptor, MessagePlan?> walkable)
    {
        var repeated = rules?.TypeCase == FieldRules.TypeOneofCase.Repeated ? rules.Repeated : null;
        var items = ValueChecks.For(repeated?.Items, field, "repeated.items.");
        var skip = ValueChecks.Skips(rules) || ValueChecks.Skips(repeated?.Items);
        var target = field.FieldType == FieldType.Message && !skip ? walkable(field.MessageType) : null;
        var counts = repeated is not null && (repeated.HasMinItems || repeated.HasMaxItems || repeated.Unique);
        return counts || items is not null || target is not null ? new RepeatedFieldPlan(field, counts ? repeated : null, items, target) : null;
    }

    public override void Walk(IMessage message, ConstraintWalker walker)
    {
        var list = (IList)Accessor.GetValue(message);
        if (list.Count == 0 && rules is null)
        {
            return;
        }

        walker.Path.PushField(Name);
        if (rules is not null)
        {
            CheckCounts(list, rules, walker);
        }

        if (items is not null || target is not null)
        {
            for (var i = 0; i < list.Count; i++)
            {
                walker.Path.PushIndex(i);
                var item = list[i]!;
                items?.Check(item, walker);
                if (target is not null && item is IMessage child)
                {
                    walker.WalkMessage(child, target);
                }

                walker.Path.Pop();
            }
        }

        walker.Path.Pop();
    }

    private static void CheckCounts(IList list, RepeatedRules rules, ConstraintWalker walker)
    {
        var count = (ulong)list.Count;
        if (rules.HasMinItems && count < rules.MinItems)
        {
            walker.Report("repeated.min_items", $"value must contain at least {rules.MinItems} item(s), got {count}");
        }

        if (rules.HasMaxItems && count > rules.MaxItems)
        {
            walker.Report("repeated.max_items", $"value must contain no more than {rules.MaxItems} item(s), got {count}");
        }

        if (rules.Unique && list.Count > 1)
        {
            var seen = new HashSet<object>();
            for (var i = 0; i < list.Count; i++)
            {
                if (!seen.Add(list[i]!))
                {
                    walker.Path.PushIndex(i);
                    walker.Report("repeated.unique", "repeated value must contain unique items");
                    walker.Path.Pop();
                }
            }
        }
    }
}

/// <summary>A map field: <c>min_pairs</c>, <c>max_pairs</c>, <c>no_sparse</c>, then each key and value.</summary>
internal sealed class MapFieldPlan(FieldDescriptor field, MapRules? rules, ValueCheck? keys, ValueCheck? values, MessagePlan? target) : FieldPlan(field)
{
    public static MapFieldPlan? TryCreate(FieldDescriptor field, FieldRules? rules, Func<MessageDescriptor, MessagePlan?> walkable)
    {
        var map = rules?.TypeCase == FieldRules.TypeOneofCase.Map ? rules.Map : null;
        var keyField = field.MessageType.FindFieldByNumber(1);
        var valueField = field.MessageType.FindFieldByNumber(2);
        var keys = ValueChecks.For(map?.Keys, keyField, "map.keys.");
        var values = ValueChecks.For(map?.Values, valueField, "map.values.");
        var skip = ValueChecks.Skips(rules) || ValueChecks.Skips(map?.Values);
        var target = valueField.FieldType == FieldType.Message && !skip ? walkable(valueField.MessageType) : null;
        var counts = map is not null && (map.HasMinPairs || map.HasMaxPairs || map.NoSparse);
        return counts || keys is not null || values is not null || target is not null
            ? new MapFieldPlan(field, counts ? map : null, keys, values, target)
            : null;
    }

    public override void Walk(IMessage message, ConstraintWalker walker)
    {
        var map = (IDictionary)Accessor.GetValue(message);
        if (map.Count == 0 && rules is null)
        {
            return;
        }

        walker.Path.PushField(Name);
        var count = (ulong)map.Count;
        if (rules?.HasMinPairs == true && count < rules.MinPairs)
        {
            walker.Report("map.min_pairs", $"value must contain at least {rules.MinPairs} pair(s), got {count}");
        }

        if (rules?.HasMaxPairs == true && count > rules.MaxPairs)
        {
            walker.Report("map.max_pairs", $"value must contain no more than {rules.MaxPairs} pair(s), got {count}");
        }

        foreach (DictionaryEntry entry in map)
        {
            walker.Path.PushKey(entry.Key);
            keys?.Check(entry.Key, walker);
            if (entry.Value is null)
            {
                if (rules?.NoSparse == true)
                {
                    walker.Report("map.no_sparse", "value cannot be sparse, all pairs must be non-nil");
                }
            }
            else
            {
                values?.Check(entry.Value, walker);
                if (target is not null && entry.Value is IMessage child)
                {
                    walker.WalkMessage(child, target);
                }
            }

            walker.Path.Pop();
        }

        walker.Path.Pop();
    }
}
