using System.Collections.Concurrent;
using Google.Protobuf.Reflection;
using Validate;

namespace XdsControlPlane.Compiler.Validation;

/// <summary>
/// The <see cref="MessagePlan"/> of every message type met so far. A type is planned with everything reachable
/// from it, in one go under a lock, then published; lookups after that take no lock. Options are read here
/// only, never during a walk.
/// </summary>
internal sealed class PlanCache(TypeUrlCatalog catalog)
{
    private readonly ConcurrentDictionary<MessageDescriptor, MessagePlan> _plans = new();
    private readonly Lock _gate = new();

    public TypeUrlCatalog Catalog { get; } = catalog;

    public MessagePlan Get(MessageDescriptor descriptor) =>
        _plans.TryGetValue(descriptor, out var plan) ? plan : Build(descriptor);

    private MessagePlan Build(MessageDescriptor root)
    {
        lock (_gate)
        {
            if (_plans.TryGetValue(root, out var done))
            {
                return done;
            }

            var pending = new Dictionary<MessageDescriptor, Pending>();
            Collect(root, pending);
            Propagate(pending);
            foreach (var p in pending.Values)
            {
                p.Plan.RequiredOneofs = p.RequiredOneofs;
                p.Plan.Fields = [.. p.Fields
                    .Select(f => FieldPlan.Create(f.Field, f.Rules, type => Walkable(type, pending)))
                    .OfType<FieldPlan>()];
            }

            foreach (var (descriptor, p) in pending)
            {
                _plans[descriptor] = p.Plan;
            }

            return pending[root].Plan;
        }
    }

    /// <summary>Reads the options of <paramref name="descriptor"/> and of every message type reachable from it not yet planned.</summary>
    private void Collect(MessageDescriptor descriptor, Dictionary<MessageDescriptor, Pending> pending)
    {
        var stack = new Stack<MessageDescriptor>([descriptor]);
        while (stack.TryPop(out var type))
        {
            if (_plans.ContainsKey(type) || pending.ContainsKey(type))
            {
                continue;
            }

            var disabled = type.GetOptions()?.GetExtension(ValidateExtensions.Disabled) == true;
            var fields = type.Fields.InDeclarationOrder()
                .Select(f => (Field: f, Rules: f.GetOptions()?.GetExtension(ValidateExtensions.Rules)))
                .ToArray();
            var oneofs = type.Oneofs
                .Where(o => !o.IsSynthetic && o.GetOptions()?.GetExtension(ValidateExtensions.Required) == true)
                .ToArray();
            var plan = new MessagePlan(type, disabled);
            plan.NeedsWalk = !disabled && (plan.IsAny || oneofs.Length > 0 || fields.Any(f => HasRules(f.Rules)));
            pending[type] = new Pending(plan, disabled ? [] : fields, disabled ? [] : oneofs);
            foreach (var (field, _) in fields)
            {
                if (ChildType(field) is { } child)
                {
                    stack.Push(child);
                }
            }
        }
    }

    /// <summary>A type needs walking when a field leads (not skipped) to one that does; repeated until nothing changes, so cycles settle.</summary>
    private void Propagate(Dictionary<MessageDescriptor, Pending> pending)
    {
        bool changed;
        do
        {
            changed = false;
            foreach (var p in pending.Values)
            {
                if (p.Plan.NeedsWalk || p.Plan.Disabled)
                {
                    continue;
                }

                if (p.Fields.Any(f => !ValueChecks.Skips(f.Rules) && ChildType(f.Field) is { } child && Walkable(child, pending) is not null))
                {
                    p.Plan.NeedsWalk = true;
                    changed = true;
                }
            }
        }
        while (changed);
    }

    private MessagePlan? Walkable(MessageDescriptor type, Dictionary<MessageDescriptor, Pending> pending)
    {
        var plan = _plans.TryGetValue(type, out var published) ? published : pending[type].Plan;
        return plan.NeedsWalk ? plan : null;
    }

    /// <summary>The message type a field leads to: its own, a map's value type, or none.</summary>
    private static MessageDescriptor? ChildType(FieldDescriptor field) =>
        field.FieldType != FieldType.Message ? null
        : field.IsMap ? field.MessageType.FindFieldByNumber(2) is { FieldType: FieldType.Message } value ? value.MessageType : null
        : field.MessageType;

    /// <summary>Errs on the side of walking: any rule set at all counts.</summary>
    private static bool HasRules(FieldRules? rules) =>
        rules is not null && (rules.TypeCase != FieldRules.TypeOneofCase.None || rules.Message?.Required == true);

    private sealed record Pending(MessagePlan Plan, (FieldDescriptor Field, FieldRules? Rules)[] Fields, OneofDescriptor[] RequiredOneofs);
}
