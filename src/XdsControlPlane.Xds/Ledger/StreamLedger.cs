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

    /// <summary>Outstanding NACKs kept per type of a delta stream; older ones are dropped (a client NACKing every response).</summary>
    public const int MaxRejections = 8;

    /// <summary>Called after a NACK, and after an ACK or the stream's end that clears one (set by the <see cref="ProxyLedger"/>).</summary>
    internal Action? RejectionsChanged { get; init; }

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
        var rejectionsChanged = false;
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
            // The only cost an ACK pays for NACK tracing: this test, false unless the type has an outstanding NACK.
            if (t.Rejected is not null)
            {
                rejectionsChanged = true;
                return t with { LastAck = ack, Acks = t.Acks + 1, Rejected = _delta ? Accepted(t.Rejected, basis) : null };
            }

            return t with { LastAck = ack, Acks = t.Acks + 1 };
        });
        if (rejectionsChanged)
        {
            RejectionsChanged?.Invoke();
        }

        var shortType = TypeUrls.ShortName(typeUrl);
        XdsMetrics.Acked(shortType);
        if (latencyFrom is not null)
        {
            XdsMetrics.Latency(shortType, _clock.GetElapsedTime(latencyFrom.PublishedTimestamp));
        }

        return isNew;
    }

    /// <summary>
    /// Records a NACK of <paramref name="rejectedVersion"/> with the client's message (the streams bound it:
    /// <see cref="Protocol.RequestLimits.ErrorMessage"/>). <paramref name="sent"/> is the response it answers when the
    /// caller knows it (delta), else the last one sent if its version matches; its resources are what the client rejected.
    /// </summary>
    public void Nacked(string typeUrl, string rejectedVersion, int code, string message, SentRecord? sent = null)
    {
        Update(typeUrl, t =>
        {
            var basis = sent ?? (t.LastSent is { } last && last.Version == rejectedVersion ? last : null);
            var (rejected, narrowed) = basis?.Resources is { } response ? NackedResources.Of(response, message) : (null, false);
            var nack = new NackRecord(rejectedVersion, message, code, _clock.GetUtcNow()) { Resources = rejected, Narrowed = narrowed };
            return t with { LastNack = nack, Nacks = t.Nacks + 1, Rejected = _delta ? Rejecting(t.Rejected, nack) : [nack] };
        });
        XdsMetrics.Nacked(TypeUrls.ShortName(typeUrl));
        RejectionsChanged?.Invoke();
    }

    /// <summary>Whether any type has an outstanding NACK (see <see cref="TypeStatus.Rejected"/>).</summary>
    public bool HasRejections
    {
        get
        {
            lock (_lock)
            {
                foreach (var type in _types.Values)
                {
                    if (type.Rejected is not null)
                    {
                        return true;
                    }
                }

                return false;
            }
        }
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

        var hadRejections = HasRejections;
        _onDispose();
        if (hadRejections)
        {
            RejectionsChanged?.Invoke();
        }

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

    // Delta: a new NACK rejects its resources again, so older NACKs drop them (their message no longer applies).
    private static IReadOnlyList<NackRecord> Rejecting(IReadOnlyList<NackRecord>? before, NackRecord nack)
    {
        if (before is null || nack.Resources is not { Count: > 0 } resources)
        {
            return before is null ? [nack] : [.. before.TakeLast(MaxRejections - 1), nack];
        }

        var names = resources.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var kept = Without(before, names, []);
        return kept is null ? [nack] : [.. kept.TakeLast(MaxRejections - 1), nack];
    }

    // Delta: an ACKed response accepts the resources it carried or removed; null when no NACK is left outstanding.
    private static IReadOnlyList<NackRecord>? Accepted(IReadOnlyList<NackRecord> rejected, SentRecord? basis)
    {
        if (basis is null)
        {
            return rejected;
        }

        var names = (basis.Resources ?? []).Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        return Without(rejected, names, basis.Removed ?? []);
    }

    private static IReadOnlyList<NackRecord>? Without(IReadOnlyList<NackRecord> records, HashSet<string> names, IReadOnlyList<string> removed)
    {
        names.UnionWith(removed);
        var kept = new List<NackRecord>(records.Count);
        foreach (var record in records)
        {
            if (record.Resources is not { } resources)
            {
                // Unknown resources (the response was not recorded): cleared by any later ACK.
                continue;
            }

            var left = resources.Where(r => !names.Contains(r.Name)).ToArray();
            if (left.Length == resources.Count)
            {
                kept.Add(record);
            }
            else if (left.Length > 0)
            {
                kept.Add(record with { Resources = left });
            }
        }

        return kept.Count == 0 ? null : kept;
    }

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
