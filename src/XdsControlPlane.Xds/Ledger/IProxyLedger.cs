namespace XdsControlPlane.Xds.Ledger;

/// <summary>What every connected stream was sent, ACKed and NACKed, per type. Read by the diagnostics API.</summary>
public interface IProxyLedger
{
    /// <summary>One row per open stream, ordered by node id then connection time.</summary>
    IReadOnlyList<ProxyStatus> Proxies();

    /// <summary>The open streams of one node id (a node may hold several, e.g. per-type streams).</summary>
    IReadOnlyList<ProxyStatus> Find(string nodeId);

    /// <summary>One row per connected node id (its streams merged), ordered by node id.</summary>
    IReadOnlyList<NodeStatus> Nodes();

    /// <summary>The node's streams merged, with what delta clients hold; null when no stream of it is open.</summary>
    NodeStatus? FindNode(string nodeId);
}
