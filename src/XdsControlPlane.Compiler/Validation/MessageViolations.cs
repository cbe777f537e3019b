using Google.Protobuf;

namespace XdsControlPlane.Compiler.Validation;

/// <summary>The violations found in one message of a batch checked with <see cref="ProtoConstraints.CheckAll"/>.</summary>
/// <param name="Index">The position of the message in the batch.</param>
/// <param name="Message">The message checked.</param>
/// <param name="Violations">Every violation found in it, never empty.</param>
public sealed record MessageViolations(int Index, IMessage Message, IReadOnlyList<ConstraintViolation> Violations);
