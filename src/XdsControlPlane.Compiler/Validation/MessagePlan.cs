using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace XdsControlPlane.Compiler.Validation;

/// <summary>
/// What to check on one message type: its fields with rules or with something to check below them, and its
/// required oneofs. Built once per descriptor by <see cref="PlanCache"/>; immutable once published.
/// </summary>
internal sealed class MessagePlan(MessageDescriptor descriptor, bool disabled)
{
    public MessageDescriptor Descriptor { get; } = descriptor;

    /// <summary>The message option <c>(validate.disabled)</c>: nothing in or below this message is checked.</summary>
    public bool Disabled { get; } = disabled;

    /// <summary>A <c>google.protobuf.Any</c>: what is checked is the message it packs.</summary>
    public bool IsAny { get; } = descriptor.FullName == Any.Descriptor.FullName;

    /// <summary>Whether a walk can find anything here or below; false lets the parent field skip it.</summary>
    public bool NeedsWalk { get; set; }

    public FieldPlan[] Fields { get; set; } = [];

    public OneofDescriptor[] RequiredOneofs { get; set; } = [];
}
