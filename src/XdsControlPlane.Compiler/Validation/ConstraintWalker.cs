using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace XdsControlPlane.Compiler.Validation;

/// <summary>
/// One walk over one message tree: follows the cached <see cref="MessagePlan"/>s, keeps the current path and
/// collects every violation. Not thread-safe; <see cref="ProtoConstraints"/> uses one per call.
/// </summary>
internal sealed class ConstraintWalker(PlanCache plans)
{
    private readonly FieldPath _path = new();
    private List<ConstraintViolation>? _violations;

    public FieldPath Path => _path;

    /// <summary>What was reported since the last <see cref="Run"/>, for tests that drive one check directly.</summary>
    public IReadOnlyList<ConstraintViolation> Reported => _violations ?? (IReadOnlyList<ConstraintViolation>)[];

    public IReadOnlyList<ConstraintViolation> Run(IMessage root)
    {
        _violations = null;
        _path.Clear();
        var plan = plans.Get(root.Descriptor);
        if (plan.NeedsWalk)
        {
            WalkMessage(root, plan);
        }

        return _violations ?? (IReadOnlyList<ConstraintViolation>)[];
    }

    public void Report(string rule, string message) => (_violations ??= []).Add(new ConstraintViolation(_path.ToString(), rule, message));

    public void WalkMessage(IMessage message, MessagePlan plan)
    {
        if (plan.IsAny)
        {
            WalkAny((Any)message);
            return;
        }

        foreach (var field in plan.Fields)
        {
            field.Walk(message, this);
        }

        foreach (var oneof in plan.RequiredOneofs)
        {
            if (oneof.Accessor.GetCaseFieldDescriptor(message) is null)
            {
                _path.PushField(oneof.Name);
                Report("oneof.required", "value is required");
                _path.Pop();
            }
        }
    }

    /// <summary>Checks the message packed in an Any when its type is known and has constraints somewhere.</summary>
    private void WalkAny(Any any)
    {
        if (any.TypeUrl.Length == 0 || plans.Catalog.Find(any.TypeUrl) is not { } descriptor)
        {
            return;
        }

        var plan = plans.Get(descriptor);
        if (!plan.NeedsWalk)
        {
            return;
        }

        IMessage packed;
        try
        {
            packed = descriptor.Parser.ParseFrom(any.Value);
        }
        catch (InvalidProtocolBufferException e)
        {
            Report("any.unpack", $"value is not a valid {descriptor.FullName}: {e.Message}");
            return;
        }

        WalkMessage(packed, plan);
    }
}
