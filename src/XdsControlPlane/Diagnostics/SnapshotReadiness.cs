using XdsControlPlane.Reconcile;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Diagnostics;

/// <summary>Ready once the initial model was compiled and at least one snapshot published.</summary>
internal sealed class SnapshotReadiness(Reconciler reconciler, ISnapshotStore store) : IReadinessCheck
{
    /// <inheritdoc />
    public string Name => "snapshots";

    /// <inheritdoc />
    public (bool Ready, string? Reason) Check() =>
        !reconciler.Ready ? (false, "no model compiled and published yet")
        : store.Profiles.Count == 0 ? (false, "no snapshot published yet")
        : (true, null);
}
