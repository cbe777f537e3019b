using Envoy.Admin.V3;
using Envoy.Service.Status.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using XdsControlPlane.Xds.Ledger;
using XdsControlPlane.Xds.Snapshots;
using GenericXdsConfig = Envoy.Service.Status.V3.ClientConfig.Types.GenericXdsConfig;

namespace XdsControlPlane.Xds.Status;

/// <summary>Builds a CSDS <c>ClientConfig</c> from the ledger's view of one node.</summary>
internal static class ClientConfigs
{
    public static ClientConfig From(NodeStatus node, bool excludeContents)
    {
        var config = new ClientConfig { Node = node.Node?.Clone() ?? new Envoy.Config.Core.V3.Node { Id = node.NodeId, Cluster = node.Cluster } };
        foreach (var typeUrl in TypeUrls.PushOrder)
        {
            if (node.Types.TryGetValue(typeUrl, out var status))
            {
                config.GenericXdsConfigs.AddRange(PerType(node, status, excludeContents));
            }
        }

        return config;
    }

    private static IEnumerable<GenericXdsConfig> PerType(NodeStatus node, TypeStatus status, bool excludeContents)
    {
        var typeUrl = status.TypeUrl;
        if (status.LastSent is not { } sent)
        {
            yield return new GenericXdsConfig { TypeUrl = typeUrl, ConfigStatus = ConfigStatus.NotSent, ClientStatus = ClientResourceStatus.Requested };
            yield break;
        }

        var sentResources = node.SentResources(typeUrl);
        var ackedResources = node.AckedResources(typeUrl);
        if (sentResources is null && ackedResources is null)
        {
            // The ledger knows versions but not the resources: one entry for the whole type.
            yield return Entry(typeUrl, string.Empty, status, null, null, sent, excludeContents);
            yield break;
        }

        var acked = (ackedResources ?? []).ToDictionary(r => r.Name, StringComparer.Ordinal);
        var pending = (sentResources ?? []).ToDictionary(r => r.Name, StringComparer.Ordinal);
        foreach (var name in acked.Keys.Union(pending.Keys).Order(StringComparer.Ordinal))
        {
            yield return Entry(typeUrl, name, status, acked.GetValueOrDefault(name), pending.GetValueOrDefault(name), sent, excludeContents);
        }
    }

    private static GenericXdsConfig Entry(string typeUrl, string name, TypeStatus status, XdsResource? acked, XdsResource? sent,
        SentRecord lastSent, bool excludeContents)
    {
        var entry = new GenericXdsConfig { TypeUrl = typeUrl, Name = name };
        var changed = sent is not null && sent.Version != acked?.Version;
        var state = sent is null && acked is null ? status.State : changed ? status.State : SyncState.Synced;
        switch (state)
        {
            case SyncState.Error when status.LastNack is { } nack:
                entry.ConfigStatus = ConfigStatus.Error;
                entry.ClientStatus = ClientResourceStatus.Nacked;
                entry.ErrorState = new UpdateFailureState
                {
                    Details = nack.Message,
                    LastUpdateAttempt = Timestamp.FromDateTimeOffset(nack.At),
                    VersionInfo = sent?.Version ?? nack.RejectedVersion,
                };
                Describe(entry, acked, status.LastAck?.At, excludeContents);
                break;
            case SyncState.Stale:
                entry.ConfigStatus = ConfigStatus.Stale;
                entry.ClientStatus = ClientResourceStatus.Requested;
                Describe(entry, sent, lastSent.At, excludeContents);
                break;
            default:
                entry.ConfigStatus = ConfigStatus.Synced;
                entry.ClientStatus = ClientResourceStatus.Acked;
                Describe(entry, acked ?? sent, status.LastAck?.At ?? lastSent.At, excludeContents);
                break;
        }

        if (name.Length == 0)
        {
            entry.VersionInfo = state == SyncState.Synced ? status.LastAck?.Version ?? lastSent.Version : lastSent.Version;
        }

        return entry;
    }

    private static void Describe(GenericXdsConfig entry, XdsResource? resource, DateTimeOffset? at, bool excludeContents)
    {
        if (at is { } time)
        {
            entry.LastUpdated = Timestamp.FromDateTimeOffset(time);
        }

        if (resource is null)
        {
            return;
        }

        entry.VersionInfo = resource.Version;
        if (!excludeContents)
        {
            var message = SecretRedaction.Redacted(resource.Message);
            entry.XdsConfig = new Any { TypeUrl = resource.TypeUrl, Value = ReferenceEquals(message, resource.Message) ? ByteString.CopyFrom(resource.Bytes.Span) : message.ToByteString() };
        }
    }
}
