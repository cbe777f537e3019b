namespace XdsControlPlane.Model.Policies;

/// <summary>Timeouts.</summary>
/// <param name="Request">Whole request, including retries.</param>
/// <param name="Idle">Stream idle timeout.</param>
public sealed record TimeoutPolicy(TimeSpan? Request, TimeSpan? Idle);
