namespace XdsControlPlane.Diagnostics;

/// <summary>A component that can make the server not ready (<c>/readyz</c> answers 503 with its reason), e.g. a faulted policy store.</summary>
public interface IReadinessCheck
{
    /// <summary>Why the server is not ready because of this component, or null when it is fine.</summary>
    string? Problem { get; }
}
