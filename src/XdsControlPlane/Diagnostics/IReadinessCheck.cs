namespace XdsControlPlane.Diagnostics;

/// <summary>
/// One reason the server may not be ready to serve (<c>GET /readyz</c>). Register implementations as singletons of
/// this interface; <c>/readyz</c> answers 200 only when all of them pass. Sources (the Kubernetes informers, the
/// policy store) add their own: initial sync not done, database unreachable.
/// </summary>
public interface IReadinessCheck
{
    /// <summary>Short name shown with a failure, e.g. <c>snapshots</c> or <c>policy-store</c>.</summary>
    string Name { get; }

    /// <summary>Whether this part is ready, and if not, why (one line).</summary>
    (bool Ready, string? Reason) Check();
}
