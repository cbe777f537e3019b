using System.Collections.Immutable;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Xds.Ledger;

/// <summary>The ledger of one stream. Written by the stream's own loop, read by diagnostics at any time.</summary>
public sealed class StreamLedger : IDisposable
{
    private readonly Dictionary<string, TypeStatus> _types = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly TimeProvider _clock;
    private readonly Action _onDispose;
    private readonly bool _delta;

    // Delta only: per type, what the client holds after the responses it ACKed, sorted by name. SotW needs none: each
    // response is the client's whole state of the type and AckRecord keeps it. Lists, not dictionaries: a stream of a
    // large fleet holds hundreds of resources and a dictionary per stream cost more than the rest of the stream's
    // state. Never mutated (Held() hands them out): either a private array or, when the client holds exactly what
    // one response carried as a snapshot's ImmutableArray, that array itself, shared by every such stream.
    private Dictionary<string, IReadOnlyList<XdsResource>>? _held;
    private int _disposed;

    internal StreamLedger(long id, StreamIdentity identity, TimeProvider clock, Action onDispose)
    {
        Id = id;
        Identity = identity;
        _clock = clock;
        _onDispose = onDispose;
        _delta = identity.Protocol == "delta";
        ConnectedAt = clock.GetUtcNow();
    }

    /// <summary>Server-assigned id.</summary>
    public long Id { get; }

    /// <summary>Who the stream belongs to.</summary>
    public StreamIdentity Identity { get; }

    /// <summary>When it opened.</summary>
    public DateTimeOffset ConnectedAt { get; }

    /// <summary>Records the client's first request for <paramref name="typeUrl"/> (the type is then NOT_SENT until a response goes out).</summary>
    public void Subscribed(string typeUrl)
    {
        lock (_lock)
        {
            if (_types.ContainsKey(typeUrl))
            {
                return;
            }

            _types[typeUrl] = Empty(typeUrl);
        }

        if (TypeUrls.IsKnown(typeUrl))
        {
            XdsMetrics.Connected(Identity.Profile, TypeUrls.ShortName(typeUrl), 1);
        }
    }

    /// <summary>
    /// Records a response. <paramref name="resources"/> are the instances sent (SotW: all of them; delta: the changed
    /// ones), kept by reference; null keeps those of the previous response when the version is the same (heartbeats).
    /// </summary>
    public SentRecord Sent(string typeUrl, string version, string nonce, int resourceCount,
        IReadOnlyList<XdsResource>? resources = null, IReadOnlyList<string>? removed = null, long publishedTimestamp = 0)
    {
        SentRecord record = null!;
        Update(typeUrl, t =>
        {
            record = new SentRecord(version, nonce, _clock.GetUtcNow(), resourceCount)
            {
                Resources = resources ?? (t.LastSent?.Version == version ? t.LastSent.Resources : null),
                Removed = removed,
                PublishedTimestamp = publishedTimestamp,
            };
            return t with { LastSent = record, Pushes = t.Pushes + 1 };
        });
        XdsMetrics.Pushed(TypeUrls.ShortName(typeUrl));
        return record;
    }

    /// <summary>
    /// Records an ACK of <paramref name="version"/>; <paramref name="sent"/> is the response it answers when the caller
    /// knows it (delta), else the last one sent if its version matches. Returns true when the version differs from the
    /// previously ACKed one (worth an information-level log line).
    /// </summary>
    public bool Acked(string typeUrl, string version, SentRecord? sent = null)
    {
        var isNew = false;
        SentRecord? latencyFrom = null;
        Update(typeUrl, t =>
        {
            var basis = sent ?? (t.LastSent is { } last && last.Version == version ? last : null);
            isNew = t.LastAck?.Version != version;
            if (basis is { PublishedTimestamp: not 0 } && (t.LastAck is null || t.LastAck.At < basis.At))
            {
                latencyFrom = basis;
            }

            if (_delta && basis?.Resources is not null)
            {
                Hold(typeUrl, basis);
            }

            var ack = new AckRecord(version, _clock.GetUtcNow()) { Resources = _delta ? null : basis?.Resources };
            return t with { LastAck = ack, Acks = t.Acks + 1 };
        });
        var shortType = TypeUrls.ShortName(typeUrl);
        XdsMetrics.Acked(shortType);
        if (latencyFrom is not null)
        {
            XdsMetrics.Latency(shortType, _clock.GetElapsedTime(latencyFrom.PublishedTimestamp));
        }

        return isNew;
    }

    /// <summary>Records a NACK of <paramref name="rejectedVersion"/> with the client's message.</summary>
    public void Nacked(string typeUrl, string rejectedVersion, int code, string message)
    {
        Update(typeUrl, t => t with { LastNack = new NackRecord(rejectedVersion, message, code, _clock.GetUtcNow()), Nacks = t.Nacks + 1 });
        XdsMetrics.Nacked(TypeUrls.ShortName(typeUrl));
    }

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

    /// <summary>Delta: per type, what the client holds after the responses it ACKed on this stream, sorted by name. Empty for SotW.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<XdsResource>> Held()
    {
        lock (_lock)
        {
            return _held is null
                ? new Dictionary<string, IReadOnlyList<XdsResource>>()
                : _held.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        }
    }

    /// <summary>Removes the stream from the ledger.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _onDispose();
        string[] types;
        lock (_lock)
        {
            types = [.. _types.Keys.Where(TypeUrls.IsKnown)];
        }

        foreach (var typeUrl in types)
        {
            XdsMetrics.Connected(Identity.Profile, TypeUrls.ShortName(typeUrl), -1);
        }
    }

    private static TypeStatus Empty(string typeUrl) => new(typeUrl, null, null, null, 0, 0, 0);

    // Called under the lock. Replaces the type's list; published lists are never mutated.
    private void Hold(string typeUrl, SentRecord sent)
    {
        _held ??= new Dictionary<string, IReadOnlyList<XdsResource>>(1, StringComparer.Ordinal);
        var before = _held.GetValueOrDefault(typeUrl) ?? [];
        var removed = sent.Removed ?? [];
        if (before.Count == 0 && removed.Count == 0 && sent.Resources is ImmutableArray<XdsResource>)
        {
            // A snapshot's own array (sorted, unique names): keep it rather than a copy per stream.
            _held[typeUrl] = sent.Resources;
            return;
        }

        var held = new List<XdsResource>(before);
        foreach (var resource in sent.Resources!)
        {
            var index = IndexOf(held, resource.Name);
            if (index >= 0)
            {
                held[index] = resource;
            }
            else
            {
                held.Insert(~index, resource);
            }
        }

        foreach (var name in removed)
        {
            if (IndexOf(held, name) is var index and >= 0)
            {
                held.RemoveAt(index);
            }
        }

        _held[typeUrl] = held.ToArray();
    }

    private static int IndexOf(List<XdsResource> sorted, string name)
    {
        var (low, high) = (0, sorted.Count - 1);
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var order = string.CompareOrdinal(sorted[middle].Name, name);
            if (order == 0)
            {
                return middle;
            }

            (low, high) = order < 0 ? (middle + 1, high) : (low, middle - 1);
        }

        return ~low;
    }

    private void Update(string typeUrl, Func<TypeStatus, TypeStatus> change)
    {
        var subscribed = false;
        lock (_lock)
        {
            if (!_types.TryGetValue(typeUrl, out var current))
            {
                current = Empty(typeUrl);
                subscribed = true;
            }

            _types[typeUrl] = change(current);
        }

        if (subscribed && TypeUrls.IsKnown(typeUrl))
        {
            XdsMetrics.Connected(Identity.Profile, TypeUrls.ShortName(typeUrl), 1);
        }
    }
}
