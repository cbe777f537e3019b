using XdsControlPlane.Diagnostics;

namespace XdsControlPlane.Tests.Support;

/// <summary>A readiness check with a fixed answer, as a source reporting a fault would give.</summary>
internal sealed class ReadinessStub(string name, bool ready, string? reason, bool gates = true) : IReadinessCheck
{
    public string Name => name;

    public bool Gates => gates;

    public (bool Ready, string? Reason) Check() => (ready, reason);
}
