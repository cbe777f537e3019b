namespace XdsControlPlane.Xds.Ledger;

/// <summary>What every connected stream was sent, ACKed and NACKed, per type. Read by the diagnostics API.</summary>
public interface IProxyLedger
{
    /// <summary>One row per open stream, ordered by node id then connection time.</summary>
    IReadOnlyList<ProxyStatus> Proxies();

    /// <summary>The open streams of one node id (a node may hold several, e.g. per-type streams).</summary>
    IReadOnlyList<ProxyStatus> Find(string nodeId);

    /// <summary>
    /// One row per connected (identity, node id) (its streams merged), ordered by node id then identity. Rows are keyed
    /// by both so that a client of one identity claiming another's node id gets a row of its own, never a share of the
    /// other's (without mutual TLS the identity is null and rows are per node id).
    /// </summary>
    IReadOnlyList<NodeStatus> Nodes();

    /// <summary>
    /// The streams of node <paramref name="nodeId"/> under identity <paramref name="principal"/> (null without mutual
    /// TLS) merged, with what delta clients hold; null when no such stream is open.
    /// </summary>
    NodeStatus? FindNode(string nodeId, string? principal = null);

    /// <summary>The identities with open streams of <paramref name="nodeId"/> (a null entry: a stream without one).</summary>
    IReadOnlyList<string?> Principals(string nodeId);
}
