namespace XdsControlPlane.Diagnostics;

/// <summary>
/// One part of the server's health shown by <c>GET /readyz</c>. Register implementations as singletons of this
/// interface. Readiness means "serves xDS": <c>/readyz</c> answers 200 when every check that <see cref="Gates"/>
/// passes (the first snapshot is published, a Kubernetes source has synced); checks that do not gate (the policy
/// store's write path) are listed in the detail and never take a serving replica out of its Service.
/// </summary>
public interface IReadinessCheck
{
    /// <summary>Short name shown with a failure, e.g. <c>snapshots</c> or <c>policy-store</c>.</summary>
    string Name { get; }

    /// <summary>Whether a failure makes the server not ready (503); false: it is reported as degraded only.</summary>
    bool Gates => true;

    /// <summary>Whether this part is ready, and if not, why (one line).</summary>
    (bool Ready, string? Reason) Check();
}
