using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace XdsControlPlane.Compiler.Validation;

/// <summary>
/// The compiled rules of one rule family (<c>string</c>, <c>uint32</c>, <c>duration</c>…) for one field, applied
/// to one value: the field's value, or each element or map key or value. Rule names are built once, here,
/// with their prefix (<c>repeated.items.</c>, <c>map.keys.</c>, <c>map.values.</c>).
/// </summary>
internal abstract class ValueCheck
{
    public abstract void Check(object value, ConstraintWalker walker);

    /// <summary>
    /// The scalar inside a wrapper message (<c>google.protobuf.UInt32Value</c> and the like): generated code
    /// surfaces set wrappers as plain values, but a wrapper can still arrive as a message.
    /// </summary>
    protected static object Unwrap(object value) =>
        value is IMessage { Descriptor: var descriptor } message && descriptor.File == WrappersReflection.Descriptor
            ? descriptor.FindFieldByNumber(1).Accessor.GetValue(message)
            : value;
}
