using XdsControlPlane.Model;

namespace XdsControlPlane.Compiler.Processing;

/// <summary>What validating one Gateway listener found, for its status (see <see cref="ListenerStatuses"/>).</summary>
internal sealed class ListenerVerdict
{
    /// <summary>Why the listener is not accepted (reason UnsupportedProtocol or PortUnavailable), or null.</summary>
    public StatusCondition? NotAccepted { get; set; }

    /// <summary>Why it was left out for clashing with an earlier listener (HostnameConflict, ProtocolConflict), or null.</summary>
    public StatusCondition? Conflict { get; set; }

    /// <summary>References that did not resolve: (reason, message), in the order found.</summary>
    public List<(string Reason, string Message)> Unresolved { get; } = [];

    /// <summary>Route kinds the listener accepts (its protocol's, narrowed to its allowedRoutes.kinds).</summary>
    public IReadOnlyList<string> SupportedKinds { get; set; } = [];

    /// <summary>Whether the listener is programmed.</summary>
    public bool Usable { get; set; }
}
