using XdsControlPlane.Model;

namespace XdsControlPlane.Sources.Policies;

/// <summary>The outcome of a write.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Policy">The policy after the write (for <see cref="PolicyWriteStatus.Deleted"/>, as it was).</param>
/// <param name="Errors">For <see cref="PolicyWriteStatus.Invalid"/>: every error, with its field path.</param>
/// <param name="Message">Why a write was refused, for a human.</param>
public sealed record PolicyWriteResult(PolicyWriteStatus Status, StoredPolicy? Policy, IReadOnlyList<ModelError> Errors, string? Message)
{
    internal static PolicyWriteResult Done(PolicyWriteStatus status, StoredPolicy policy) => new(status, policy, [], null);

    internal static PolicyWriteResult Refused(PolicyWriteStatus status, string message) => new(status, null, [], message);
}
