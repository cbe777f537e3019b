using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using XdsControlPlane.Xds.Snapshots;
using XdsControlPlane.Xds.Transport;

namespace XdsControlPlane.Xds.Protocol.Delta;

/// <summary>An incremental (delta) stream (ADS or per-type).</summary>
internal sealed class DeltaStream(IGrpcCall call, StreamContext context, string? fixedTypeUrl)
    : XdsStream<DeltaDiscoveryRequest>(call, context, fixedTypeUrl, DeltaDiscoveryRequest.Parser, "delta")
{
    private readonly Dictionary<string, DeltaTypeState> _types = new(StringComparer.Ordinal);

    protected override Node? NodeOf(DeltaDiscoveryRequest request) => request.Node;

    protected override void CheckLimits(DeltaDiscoveryRequest request) => RequestLimits.Check(request);

    protected override async ValueTask HandleRequestAsync(DeltaDiscoveryRequest request)
    {
        var typeUrl = TypeUrlOf(request.TypeUrl);
        if (!_types.TryGetValue(typeUrl, out var state))
        {
            state = new DeltaTypeState(typeUrl);
            _types.Add(typeUrl, state);
            Ledger.Subscribed(typeUrl);
        }

        if (request.ResponseNonce.Length > 0 && state.Pending.Remove(request.ResponseNonce, out var sent))
        {
            if (request.ErrorDetail is { } error)
            {
                // P9: the client kept what it had; remember the rejected versions so they are not sent again.
                foreach (var (name, version, previous) in sent.Changes)
                {
                    if (previous is null)
                    {
                        state.ClientHas.Remove(name);
                    }
                    else
                    {
                        state.ClientHas[name] = previous;
                    }

                    state.Rejected[name] = version;
                }

                var message = RequestLimits.ErrorMessage(error.Message);
                Ledger.Nacked(typeUrl, sent.SystemVersion, error.Code, message, sent.Record);
                Log.Nacked(Context.Logger, TypeUrls.ShortName(typeUrl), sent.SystemVersion, NodeId, error.Message);
            }
            else
            {
                Log.Acked(Context.Logger, Ledger.Acked(typeUrl, sent.SystemVersion, sent.Record), TypeUrls.ShortName(typeUrl), sent.SystemVersion, NodeId);
            }

            if (state.Pending.Count == 0)
            {
                // Settled: drop the slack the tables grew while filling (a no-op once trimmed). Thousands of idle
                // streams each hold these for every type.
                state.ClientHas.TrimExcess();
                state.Names.TrimExcess();
                state.Pending.TrimExcess();
            }
        }

        if (request.ErrorDetail is not null || request.ResourceNamesSubscribe.Count > 0 || request.ResourceNamesUnsubscribe.Count > 0 || !state.Requested)
        {
            state.Epoch++;
        }

        // P11: subscription changes are processed whatever the nonce says.
        var first = !state.Requested;
        state.Requested = true;
        if (first)
        {
            // P13: a first request that subscribes to nothing is a (legacy) wildcard subscription.
            state.Wildcard = request.ResourceNamesSubscribe.Count == 0;
            foreach (var (name, version) in request.InitialResourceVersions)
            {
                // P22: what the client kept from an earlier stream.
                state.ClientHas[Shared(typeUrl, name)] = version;
            }
        }

        foreach (var name in request.ResourceNamesSubscribe)
        {
            if (name == "*")
            {
                state.Wildcard = true;
                continue;
            }

            if (state.Names.Add(Shared(typeUrl, name)) && state.Names.Count > RequestLimits.MaxNames)
            {
                // Delta subscriptions add up over requests: the bound holds for the stream's whole set of the type.
                throw new GrpcException(GrpcStatusCode.ResourceExhausted,
                    $"more than {RequestLimits.MaxNames} names subscribed to {TypeUrls.ShortName(typeUrl)} on one stream");
            }

            if (!first || !request.InitialResourceVersions.ContainsKey(name))
            {
                // P16: an explicit subscribe is answered even if we believe the client has the resource.
                state.ClientHas.Remove(name);
            }
        }

        foreach (var name in request.ResourceNamesUnsubscribe)
        {
            if (name == "*")
            {
                // P14: unsubscribing "*" ends the wildcard.
                state.Wildcard = false;
                continue;
            }

            // Unknown names are ignored (P16).
            state.Names.Remove(name);
            if (!state.Wildcard)
            {
                state.ClientHas.Remove(name);
            }
        }

        if (Snapshot is { } snapshot && Plan(state, snapshot, deferRemovals: false) is { } plan)
        {
            await SendAsync(state, plan).ConfigureAwait(false);
        }
    }

    protected override async ValueTask OnSnapshotChangedAsync()
    {
        if (Snapshot is not { } snapshot)
        {
            return;
        }

        var plans = new List<(DeltaTypeState State, Push Plan)>();
        var listenersOrRoutesChange = false;
        foreach (var typeUrl in PushTypes)
        {
            if (_types.TryGetValue(typeUrl, out var state) && Plan(state, snapshot, deferRemovals: false) is { } plan)
            {
                plans.Add((state, plan));
                listenersOrRoutesChange |= typeUrl is TypeUrls.Listener or TypeUrls.RouteConfiguration;
            }
        }

        // P24: cluster removals wait until the listeners and routes that stop using them went out.
        var deferCds = FixedTypeUrl is null && listenersOrRoutesChange;
        foreach (var (state, plan) in plans)
        {
            var push = plan;
            if (deferCds && state.TypeUrl == TypeUrls.Cluster)
            {
                if (Plan(state, snapshot, deferRemovals: true) is not { } withoutRemovals)
                {
                    continue;
                }

                push = withoutRemovals;
            }

            await SendAsync(state, push).ConfigureAwait(false);
        }

        if (deferCds && _types.TryGetValue(TypeUrls.Cluster, out var clusters) && Plan(clusters, snapshot, deferRemovals: false) is { } final)
        {
            await SendAsync(clusters, final).ConfigureAwait(false);
        }
    }

    protected override async ValueTask OnHeartbeatAsync()
    {
        if (Snapshot is not { } snapshot)
        {
            return;
        }

        foreach (var state in _types.Values)
        {
            // P26: TTL'd resources the client holds at the current version, re-sent without a body.
            var beats = snapshot[state.TypeUrl].Items
                .Where(r => r.Ttl is not null && state.ClientHas.TryGetValue(r.Name, out var v) && v == r.Version)
                .Select(r => (ReadOnlyMemory<byte>)ProtoWriter.BytesField(2, r.HeartbeatResource()))
                .ToArray();
            if (beats.Length > 0)
            {
                var nonce = NextNonce();
                var version = snapshot[state.TypeUrl].Version;
                await WriteAsync(ResponseEncoder.Delta(version, state.TypeUrl, nonce, beats, [])).ConfigureAwait(false);
                state.Remember(nonce, new DeltaTypeState.Sent(version, [], Ledger.Sent(state.TypeUrl, version, nonce, beats.Length, [])));
            }
        }
    }

    /// <summary>What changed for the client since what it holds, or null when nothing did (P20).</summary>
    private static Push? Plan(DeltaTypeState state, Snapshot snapshot, bool deferRemovals)
    {
        if (!state.Requested)
        {
            return null;
        }

        var set = snapshot[state.TypeUrl];
        if (!deferRemovals && state.Settled == (set.Version, state.Epoch))
        {
            return null;
        }

        var updated = new List<XdsResource>();
        if (state.Wildcard)
        {
            foreach (var resource in set.Items)
            {
                AddIfNew(resource);
            }
        }
        else
        {
            foreach (var name in state.Names)
            {
                if (set.ByName.TryGetValue(name, out var resource))
                {
                    AddIfNew(resource);
                }
            }
        }

        var removed = new List<string>();
        if (!deferRemovals)
        {
            foreach (var (name, version) in state.ClientHas)
            {
                // Deleted while the client holds it (P20), including while it was away (P22).
                if (version.Length > 0 && !set.ByName.ContainsKey(name) && state.Wants(name))
                {
                    removed.Add(name);
                }
            }

            foreach (var name in state.Names)
            {
                // P17: a subscribed name that does not exist is reported in removed_resources, once.
                if (!set.ByName.ContainsKey(name) && !state.ClientHas.ContainsKey(name))
                {
                    removed.Add(name);
                }
            }
        }

        if (updated.Count == 0 && removed.Count == 0)
        {
            if (!deferRemovals)
            {
                state.Settled = (set.Version, state.Epoch);
            }

            return null;
        }

        removed.Sort(StringComparer.Ordinal);
        if (updated.Count == set.Count)
        {
            // Every resource of the set goes out (a first push, usually): hand on the set's own array, sorted by name,
            // which the ledger can then hold without a copy per stream.
            return new Push(set.Version, set.Items, removed.Distinct().ToArray());
        }

        updated.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return new Push(set.Version, updated, removed.Distinct().ToArray());

        void AddIfNew(XdsResource resource)
        {
            var has = state.ClientHas.TryGetValue(resource.Name, out var version) ? version : null;
            if (has != resource.Version && !(state.Rejected.TryGetValue(resource.Name, out var rejected) && rejected == resource.Version))
            {
                updated.Add(resource);
            }
        }
    }

    private async ValueTask SendAsync(DeltaTypeState state, Push push)
    {
        CheckSecrets(state.TypeUrl, push.Updated);
        var nonce = NextNonce();
        var entries = new ReadOnlyMemory<byte>[push.Updated.Count];
        var changes = new (string, string, string?)[push.Updated.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            var resource = push.Updated[i];
            entries[i] = resource.DeltaEntry;
            changes[i] = (resource.Name, resource.Version, state.ClientHas.TryGetValue(resource.Name, out var previous) ? previous : null);
        }

        if (push.Updated.Any(r => r.Ttl is not null))
        {
            ScheduleHeartbeat(Sotw.SotwStream.HeartbeatInterval(push.Updated));
        }

        await WriteAsync(ResponseEncoder.Delta(push.SystemVersion, state.TypeUrl, nonce, entries, push.Removed)).ConfigureAwait(false);
        foreach (var resource in push.Updated)
        {
            state.ClientHas[resource.Name] = resource.Version;
            state.Rejected.Remove(resource.Name);
        }

        foreach (var name in push.Removed)
        {
            if (state.Names.Contains(name))
            {
                state.ClientHas[name] = string.Empty;
            }
            else
            {
                state.ClientHas.Remove(name);
            }
        }

        var record = Ledger.Sent(state.TypeUrl, push.SystemVersion, nonce, entries.Length, push.Updated, push.Removed, PublishTimestamp);
        state.Remember(nonce, new DeltaTypeState.Sent(push.SystemVersion, changes, record));
        Log.Pushed(Context.Logger, TypeUrls.ShortName(state.TypeUrl), push.SystemVersion, nonce, entries.Length, push.Removed.Count, NodeId);
    }

    private sealed record Push(string SystemVersion, IReadOnlyList<XdsResource> Updated, IReadOnlyList<string> Removed);
}
