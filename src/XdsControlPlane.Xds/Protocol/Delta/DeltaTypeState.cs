namespace XdsControlPlane.Xds.Protocol.Delta;

/// <summary>State of one type on one delta stream (P3).</summary>
internal sealed class DeltaTypeState(string typeUrl)
{
    /// <summary>How many unacknowledged responses are remembered per type; older ones can no longer be NACKed usefully.</summary>
    private const int MaxPending = 16;

    private readonly Queue<string> _pendingOrder = new();

    public string TypeUrl { get; } = typeUrl;

    public bool Requested { get; set; }

    public bool Wildcard { get; set; }

    /// <summary>Explicitly subscribed names (without <c>*</c>).</summary>
    public HashSet<string> Names { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// What the server believes the client holds: name → version. An empty version means the client was told
    /// the resource does not exist (P17), so it is not told again.
    /// </summary>
    public Dictionary<string, string> ClientHas { get; } = new(StringComparer.Ordinal);

    /// <summary>Versions the client NACKed, per name; not sent again (P9).</summary>
    public Dictionary<string, string> Rejected { get; } = new(StringComparer.Ordinal);

    /// <summary>Per unacknowledged nonce: each name sent and the version the client had before.</summary>
    public Dictionary<string, Sent> Pending { get; } = new(StringComparer.Ordinal);

    /// <summary>Counts changes made by requests (subscriptions, NACKs), so an empty plan can be reused until one happens.</summary>
    public int Epoch { get; set; }

    /// <summary>(type version, epoch) for which planning found nothing to send.</summary>
    public (string SetVersion, int Epoch)? Settled { get; set; }

    public bool Wants(string name) => Wildcard || Names.Contains(name);

    public void Remember(string nonce, Sent sent)
    {
        Pending[nonce] = sent;
        _pendingOrder.Enqueue(nonce);
        while (_pendingOrder.Count > MaxPending)
        {
            Pending.Remove(_pendingOrder.Dequeue());
        }
    }

    /// <summary>What one response carried.</summary>
    /// <param name="SystemVersion">Its system_version_info.</param>
    /// <param name="Changes">(name, version sent, version the client had before or null).</param>
    /// <param name="Record">What the ledger recorded for it (its ACK updates what the client holds).</param>
    public sealed record Sent(string SystemVersion, IReadOnlyList<(string Name, string Version, string? Previous)> Changes, Ledger.SentRecord? Record = null);
}
