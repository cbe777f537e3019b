using XdsControlPlane.Diagnostics;
using XdsControlPlane.Sources.Policies;

namespace XdsControlPlane.Policies;

/// <summary>Not ready while the policy database is faulted: the served policies may be behind what was accepted.</summary>
internal sealed class PolicyStoreReadiness(PolicyStore store) : IReadinessCheck
{
    /// <inheritdoc />
    public string Name => "policy-store";

    /// <inheritdoc />
    public (bool Ready, string? Reason) Check() => Problem is { } problem ? (false, problem) : (true, null);

    /// <summary>Why the store makes the server not ready, or null.</summary>
    public string? Problem => store.Fault is { } fault
        ? $"policy store {store.DatabasePath} unavailable since {fault.Since:u}: {fault.Message} (serving the last good policies)"
        : null;
}
