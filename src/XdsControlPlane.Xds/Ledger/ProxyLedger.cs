using System.Collections.Concurrent;

namespace XdsControlPlane.Xds.Ledger;

/// <summary>In-memory <see cref="IProxyLedger"/>; streams write through the <see cref="StreamLedger"/> they open.</summary>
public sealed class ProxyLedger(TimeProvider clock) : IProxyLedger
{
    private readonly ConcurrentDictionary<long, StreamLedger> _streams = new();
    private long _nextId;
    private long _rejectionEpoch;

    /// <summary>A ledger on the system clock.</summary>
    public ProxyLedger() : this(TimeProvider.System)
    {
    }

    /// <summary>
    /// Raised (on the stream's own thread, so handlers must be quick) after a NACK, and after an ACK or a stream's end
    /// that clears an outstanding one (<see cref="TypeStatus.Rejected"/>).
    /// </summary>
    public event Action? RejectionsChanged;

    /// <summary>Counts <see cref="RejectionsChanged"/>: equal values mean no NACK arrived or cleared in between.</summary>
    public long RejectionEpoch => Interlocked.Read(ref _rejectionEpoch);

    /// <summary>Streams currently open.</summary>
    public int Count => _streams.Count;

    /// <summary>Registers a stream; dispose the result when the stream ends.</summary>
    public StreamLedger Open(StreamIdentity identity)
    {
        var id = Interlocked.Increment(ref _nextId);
        var ledger = new StreamLedger(id, identity, clock, () => _streams.TryRemove(id, out _)) { RejectionsChanged = OnRejectionsChanged };
        _streams[id] = ledger;
        return ledger;
    }

    /// <inheritdoc />
    public IReadOnlyList<ProxyStatus> Proxies() =>
        _streams.Values.Select(s => s.Status()).OrderBy(s => s.NodeId, StringComparer.Ordinal).ThenBy(s => s.ConnectedAt).ToArray();

    /// <inheritdoc />
    public IReadOnlyList<ProxyStatus> Find(string nodeId) =>
        _streams.Values.Where(s => s.Identity.NodeId == nodeId).Select(s => s.Status()).OrderBy(s => s.ConnectedAt).ToArray();

    /// <inheritdoc />
    public IReadOnlyList<NodeStatus> Nodes() => _streams.Values
        .GroupBy(s => (s.Identity.Principal, s.Identity.NodeId))
        .OrderBy(g => g.Key.NodeId, StringComparer.Ordinal).ThenBy(g => g.Key.Principal, StringComparer.Ordinal)
        .Select(g => NodeStatus.Merge(g.ToArray(), withHeld: false))
        .ToArray();

    /// <inheritdoc />
    public NodeStatus? FindNode(string nodeId, string? principal = null)
    {
        var streams = _streams.Values.Where(s => s.Identity.NodeId == nodeId && s.Identity.Principal == principal).ToArray();
        return streams.Length == 0 ? null : NodeStatus.Merge(streams, withHeld: true);
    }

    /// <inheritdoc />
    public IReadOnlyList<string?> Principals(string nodeId) => _streams.Values
        .Where(s => s.Identity.NodeId == nodeId).Select(s => s.Identity.Principal).Distinct()
        .OrderBy(p => p, StringComparer.Ordinal).ToArray();

    /// <summary>The open streams with an outstanding NACK (<see cref="TypeStatus.Rejected"/>), ordered by node id then connection time.</summary>
    public IReadOnlyList<(StreamIdentity Identity, ProxyStatus Status)> Rejecting() => _streams.Values
        .Where(s => s.HasRejections)
        .Select(s => (s.Identity, s.Status()))
        .OrderBy(s => s.Identity.NodeId, StringComparer.Ordinal).ThenBy(s => s.Item2.ConnectedAt)
        .ToArray();

    private void OnRejectionsChanged()
    {
        Interlocked.Increment(ref _rejectionEpoch);
        RejectionsChanged?.Invoke();
    }
}
