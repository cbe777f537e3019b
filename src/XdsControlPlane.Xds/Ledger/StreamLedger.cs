namespace XdsControlPlane.Xds.Ledger;

/// <summary>The ledger of one stream. Written by the stream's own loop, read by diagnostics at any time.</summary>
public sealed class StreamLedger : IDisposable
{
    private readonly Dictionary<string, TypeStatus> _types = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly TimeProvider _clock;
    private readonly Action _onDispose;

    internal StreamLedger(long id, StreamIdentity identity, TimeProvider clock, Action onDispose)
    {
        Id = id;
        Identity = identity;
        _clock = clock;
        _onDispose = onDispose;
        ConnectedAt = clock.GetUtcNow();
    }

    /// <summary>Server-assigned id.</summary>
    public long Id { get; }

    /// <summary>Who the stream belongs to.</summary>
    public StreamIdentity Identity { get; }

    /// <summary>When it opened.</summary>
    public DateTimeOffset ConnectedAt { get; }

    /// <summary>Records a response.</summary>
    public void Sent(string typeUrl, string version, string nonce, int resourceCount) =>
        Update(typeUrl, t => t with { LastSent = new SentRecord(version, nonce, _clock.GetUtcNow(), resourceCount), Pushes = t.Pushes + 1 });

    /// <summary>Records an ACK of <paramref name="version"/>.</summary>
    public void Acked(string typeUrl, string version) =>
        Update(typeUrl, t => t with { LastAck = new AckRecord(version, _clock.GetUtcNow()), Acks = t.Acks + 1 });

    /// <summary>Records a NACK of <paramref name="rejectedVersion"/> with the client's message.</summary>
    public void Nacked(string typeUrl, string rejectedVersion, int code, string message) =>
        Update(typeUrl, t => t with { LastNack = new NackRecord(rejectedVersion, message, code, _clock.GetUtcNow()), Nacks = t.Nacks + 1 });

    /// <summary>A copy of the current state.</summary>
    public ProxyStatus Status()
    {
        lock (_lock)
        {
            var i = Identity;
            return new ProxyStatus(Id.ToString(System.Globalization.CultureInfo.InvariantCulture), i.NodeId, i.Cluster, i.Profile,
                i.UserAgent, i.Protocol, i.Aggregated, i.Peer, ConnectedAt, new Dictionary<string, TypeStatus>(_types, StringComparer.Ordinal));
        }
    }

    /// <summary>Removes the stream from the ledger.</summary>
    public void Dispose() => _onDispose();

    private void Update(string typeUrl, Func<TypeStatus, TypeStatus> change)
    {
        lock (_lock)
        {
            var current = _types.TryGetValue(typeUrl, out var t) ? t : new TypeStatus(typeUrl, null, null, null, 0, 0, 0);
            _types[typeUrl] = change(current);
        }
    }
}
