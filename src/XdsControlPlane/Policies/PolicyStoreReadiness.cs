using XdsControlPlane.Diagnostics;

namespace XdsControlPlane.Policies;

/// <summary>
/// The policy store's write path in <c>/readyz</c>'s detail. It does not gate readiness: readiness means "serves xDS",
/// and a locked or read-only database leaves the last good policies served.
/// </summary>
internal sealed class PolicyStoreReadiness(PolicyWriteHealth health, string databasePath) : IReadinessCheck
{
    /// <inheritdoc />
    public string Name => "policy-store";

    /// <inheritdoc />
    public bool Gates => false;

    /// <inheritdoc />
    public (bool Ready, string? Reason) Check() => Problem is { } problem ? (false, problem) : (true, null);

    /// <summary>Why policy writes fail, or null.</summary>
    public string? Problem => health.Problem is { } fault
        ? $"policy store {databasePath} does not accept writes since {fault.Since:u}: {fault.Message} (serving the last good policies)"
        : null;
}
