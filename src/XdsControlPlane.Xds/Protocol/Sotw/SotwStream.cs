using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using XdsControlPlane.Xds.Snapshots;
using XdsControlPlane.Xds.Transport;

namespace XdsControlPlane.Xds.Protocol.Sotw;

/// <summary>A State-of-the-World stream (ADS or per-type).</summary>
internal sealed class SotwStream(IGrpcCall call, StreamContext context, string? fixedTypeUrl)
    : XdsStream<DiscoveryRequest>(call, context, fixedTypeUrl, DiscoveryRequest.Parser, "sotw")
{
    /// <summary>Client feature announcing that <c>Resource</c> wrappers in SotW responses are understood.</summary>
    public static readonly string[] ResourceInSotwFeatures = ["xds.config.resource-in-sotw", "xds.config.supports-resource-in-sotw"];

    private readonly Dictionary<string, SotwTypeState> _types = new(StringComparer.Ordinal);

    protected override Node? NodeOf(DiscoveryRequest request) => request.Node;

    protected override void CheckLimits(DiscoveryRequest request) => RequestLimits.Check(request);

    protected override async ValueTask HandleRequestAsync(DiscoveryRequest request)
    {
        var typeUrl = TypeUrlOf(request.TypeUrl);
        if (!_types.TryGetValue(typeUrl, out var state))
        {
            state = new SotwTypeState(typeUrl)
            {
                WrapResources = ResourceInSotwFeatures.Any(Node.ClientFeatures.Contains),
                FullState = !TypeUrls.IsFullState(typeUrl) && SotwChanges.NeedsFullState(ClientKind.Of(Node)),
            };
            _types.Add(typeUrl, state);
            Ledger.Subscribed(typeUrl);
        }

        if (request.ResponseNonce.Length > 0)
        {
            if (request.ResponseNonce != state.LastNonce)
            {
                // P10: a response to something we have since superseded; the client will answer the newer one. But a
                // NACK of an earlier RDS/EDS/SDS response means the client lacks what it refused, and the newer one
                // carried only later changes (P30): plan the next changes against what it accepted before.
                if (request.ErrorDetail is not null && state.BeforeUnacked is { } accepted)
                {
                    // Resent with the next change, not now: this request gets no response, nor does the next ACK.
                    state.LastSent = accepted;
                    state.Settled = Snapshot is { } current ? (current[typeUrl].Version, state.Epoch) : null;
                }

                Log.StaleNonce(Context.Logger, TypeUrls.ShortName(typeUrl), NodeId, request.ResponseNonce, state.LastNonce ?? "none");
                return;
            }

            if (request.ErrorDetail is { } error)
            {
                // P8/P9: a NACK is recognised by error_detail alone; remember the version so it is not sent again.
                // P30: the client keeps what it accepted before, so the next changes are planned against that.
                state.RejectedVersion = state.LastVersion;
                if (state.BeforeUnacked is { } accepted)
                {
                    state.LastSent = accepted;
                    state.BeforeUnacked = null;
                }

                var message = RequestLimits.ErrorMessage(error.Message);
                Ledger.Nacked(typeUrl, state.LastVersion ?? string.Empty, error.Code, message);
                Log.Nacked(Context.Logger, TypeUrls.ShortName(typeUrl), state.LastVersion ?? string.Empty, NodeId, error.Message);
            }
            else
            {
                state.BeforeUnacked = null;
                Log.Acked(Context.Logger, Ledger.Acked(typeUrl, request.VersionInfo), TypeUrls.ShortName(typeUrl), request.VersionInfo, NodeId);
            }
        }

        state.Subscribe(request.ResourceNames, name => Shared(typeUrl, name));
        if (Snapshot is { } snapshot && Plan(state, snapshot) is { } plan)
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

        var plans = new List<(SotwTypeState State, Push Plan)>();
        foreach (var typeUrl in PushTypes)
        {
            if (_types.TryGetValue(typeUrl, out var state) && Plan(state, snapshot) is { } plan)
            {
                plans.Add((state, plan));
            }
        }

        // P24: on ADS, clusters that the new listeners and routes stop using are removed only after those
        // listeners and routes went out. The first CDS push keeps them; a second one drops them.
        var deferCds = FixedTypeUrl is null
            && plans.Any(p => p.State.TypeUrl == TypeUrls.Cluster)
            && plans.Any(p => p.State.TypeUrl is TypeUrls.Listener or TypeUrls.RouteConfiguration);
        foreach (var (state, plan) in plans)
        {
            var push = deferCds && state.TypeUrl == TypeUrls.Cluster ? KeepingStale(state, plan) : plan;
            await SendAsync(state, push).ConfigureAwait(false);
        }

        if (deferCds && _types.TryGetValue(TypeUrls.Cluster, out var clusters) && Plan(clusters, snapshot) is { } final)
        {
            await SendAsync(clusters, final).ConfigureAwait(false);
        }
    }

    protected override async ValueTask OnHeartbeatAsync()
    {
        foreach (var state in _types.Values)
        {
            if (state.WrapResources && state.LastVersion is { } version && state.LastSent.Values.Any(r => r.Ttl is not null))
            {
                // P26: same version, TTL'd resources without a body; the others as they were (LDS/CDS are full state).
                var entries = state.LastSent.Values.OrderBy(r => r.Name, StringComparer.Ordinal)
                    .Select(r => r.Ttl is null ? r.SotwWrappedEntry : ProtoWriter.BytesField(2, ProtoWriter.Any(TypeUrls.Resource, r.HeartbeatResource())))
                    .ToArray();
                var nonce = NextNonce();
                await WriteAsync(ResponseEncoder.Sotw(version, state.TypeUrl, nonce, entries)).ConfigureAwait(false);
                state.LastNonce = nonce;
                Ledger.Sent(state.TypeUrl, version, nonce, entries.Length);
            }
        }
    }

    /// <summary>What the client should now be sent for one type, or null when nothing changed for it (P6, P7).</summary>
    private static Push? Plan(SotwTypeState state, Snapshot snapshot)
    {
        if (!state.Requested)
        {
            return null;
        }

        var set = snapshot[state.TypeUrl];
        if (state.Settled == (set.Version, state.Epoch))
        {
            return null;
        }

        IReadOnlyDictionary<string, XdsResource> selected;
        IReadOnlyList<XdsResource> ordered;
        // The client wants the whole set when it is a wildcard subscriber (named extras can only be names the set
        // holds), or when its names are exactly the set's names (an Envoy subscribing EDS for every cluster of its
        // profile). Then the set's own dictionary, order and version are the answer, shared by every such client: no
        // per-client selection, sort or version hash.
        if (state.Wildcard || (state.Names.Count == set.Count && state.Names.All(set.ByName.ContainsKey)))
        {
            (selected, ordered) = (set.ByName, set.Items);
        }
        else
        {
            var chosen = set.Select(state.Names);
            (selected, ordered) = (chosen.ToDictionary(r => r.Name, StringComparer.Ordinal), chosen);
        }

        var changed = ordered.Any(r => !state.LastSent.TryGetValue(r.Name, out var sent) || sent.Version != r.Version);
        if (TypeUrls.IsFullState(state.TypeUrl))
        {
            // P18: LDS/CDS responses are the full state: the first one goes out even when empty, and anything the
            // client holds that is deleted, or no longer subscribed, goes away with a response without it.
            changed |= state.LastVersion is null || state.LastSent.Keys.Any(n => !selected.ContainsKey(n));
        }

        var version = !changed ? null : ReferenceEquals(selected, set.ByName) ? set.Version : ResourceSet.VersionOf(ordered);
        if (version is null || version == state.RejectedVersion)
        {
            state.Settled = (set.Version, state.Epoch);
            return null;
        }

        // P30: RDS/EDS/SDS responses after the first carry only what the client does not hold at its version; the
        // version still names the whole subscription (P6), and the stream then holds all of it.
        var carried = TypeUrls.IsFullState(state.TypeUrl) || state.FullState || state.LastVersion is null
            ? ordered
            : SotwChanges.Of(ordered, state.LastSent);
        return new Push(version, selected, carried);
    }

    private static Push KeepingStale(SotwTypeState state, Push plan)
    {
        var stale = state.LastSent.Values.Where(r => !plan.Selected.ContainsKey(r.Name)).ToArray();
        if (stale.Length == 0)
        {
            return plan;
        }

        var merged = plan.Carried.Concat(stale).OrderBy(r => r.Name, StringComparer.Ordinal).ToArray();
        return new Push(ResourceSet.VersionOf(merged), merged.ToDictionary(r => r.Name, StringComparer.Ordinal), merged);
    }

    private async ValueTask SendAsync(SotwTypeState state, Push push)
    {
        CheckSecrets(state.TypeUrl, push.Carried);
        var nonce = NextNonce();
        var entries = new ReadOnlyMemory<byte>[push.Carried.Count];
        var hasTtl = false;
        for (var i = 0; i < entries.Length; i++)
        {
            var resource = push.Carried[i];
            hasTtl |= resource.Ttl is not null;
            entries[i] = state.WrapResources && resource.Ttl is not null ? resource.SotwWrappedEntry : resource.SotwEntry;
        }

        if (hasTtl && state.WrapResources)
        {
            ScheduleHeartbeat(HeartbeatInterval(push.Carried));
        }

        await WriteAsync(ResponseEncoder.Sotw(push.Version, state.TypeUrl, nonce, entries)).ConfigureAwait(false);
        state.LastNonce = nonce;
        state.LastVersion = push.Version;
        if (!TypeUrls.IsFullState(state.TypeUrl))
        {
            // Keep the first unacknowledged state: with several responses in flight, a NACK returns to what was ACKed.
            state.BeforeUnacked ??= state.LastSent;
        }

        state.LastSent = push.Selected;
        Ledger.Sent(state.TypeUrl, push.Version, nonce, entries.Length, push.Carried, publishedTimestamp: PublishTimestamp);
        Log.Pushed(Context.Logger, TypeUrls.ShortName(state.TypeUrl), push.Version, nonce, entries.Length, 0, NodeId);
    }

    /// <summary>Half the shortest TTL, at least one second.</summary>
    internal static TimeSpan HeartbeatInterval(IEnumerable<XdsResource> resources) =>
        TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, resources.Where(r => r.Ttl is not null).Min(r => r.Ttl!.Value.Ticks) / 2));

    /// <param name="Version">The version of the client's whole subscription after this response.</param>
    /// <param name="Selected">What the client holds after it, by name.</param>
    /// <param name="Carried">What the response carries, sorted by name: all of it, or only the changes (P30).</param>
    private sealed record Push(string Version, IReadOnlyDictionary<string, XdsResource> Selected, IReadOnlyList<XdsResource> Carried);
}
