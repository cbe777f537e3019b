using Envoy.Config.Core.V3;
using XdsControlPlane.Compiler;
using XdsControlPlane.Model;
using XdsControlPlane.Xds.Ledger;
using XdsControlPlane.Xds.Protocol;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Rejections;

/// <summary>
/// Traces the outstanding NACKs of the connected streams to the source objects and fields that produced the rejected
/// resources (<see cref="Origins.Sources"/>, narrowed by the client's message), grouped per object and field, then per
/// resource and message, with the clients (kind, release, count) that reject them. Everything is bounded: a hostile
/// client can NACK with any message, but not grow what is kept past these limits.
/// </summary>
public static class NackTrace
{
    /// <summary>Distinct reasons (resource and message) kept per object field; the rest are counted.</summary>
    public const int MaxReasons = 5;

    /// <summary>Resources of one NACK traced: a NACK of a whole large response whose message names none stops here.</summary>
    public const int MaxResourcesPerNack = 50;

    /// <summary>Object fields reported; further ones are left out.</summary>
    public const int MaxEntries = 1000;

    /// <summary>The rejections of <paramref name="streams"/> (streams with outstanding NACKs), sorted by object and field.</summary>
    public static IReadOnlyList<ClientRejection> Trace(IEnumerable<(StreamIdentity Identity, ProxyStatus Status)> streams)
    {
        ArgumentNullException.ThrowIfNull(streams);
        var entries = new Dictionary<(ObjectRef, string), Entry>();
        var sources = new Dictionary<(XdsResource, string), IReadOnlyList<(ObjectRef, string)>>();
        foreach (var (identity, status) in streams)
        {
            var client = ClientKind.Of(identity.Node ?? new Node { UserAgentName = identity.UserAgent });
            foreach (var type in status.Types.Values)
            {
                foreach (var nack in type.Rejected ?? [])
                {
                    foreach (var resource in (nack.Resources ?? []).Take(MaxResourcesPerNack))
                    {
                        if (!sources.TryGetValue((resource, nack.Message), out var origins))
                        {
                            origins = Origins.Sources(resource.Message, nack.Message);
                            sources[(resource, nack.Message)] = origins.Count > 0 ? origins
                                : [(new ObjectRef(resource.Message.Descriptor.Name, string.Empty, resource.Name), string.Empty)];
                            origins = sources[(resource, nack.Message)];
                        }

                        foreach (var origin in origins)
                        {
                            if (!entries.TryGetValue(origin, out var entry))
                            {
                                if (entries.Count >= MaxEntries)
                                {
                                    continue;
                                }

                                entries[origin] = entry = new Entry();
                            }

                            entry.Add(TypeUrls.ShortName(type.TypeUrl), resource.Name, nack, client, $"{identity.Principal}\n{identity.NodeId}");
                        }
                    }
                }
            }
        }

        return [.. entries.OrderBy(e => e.Key.Item1).ThenBy(e => e.Key.Item2, StringComparer.Ordinal)
            .Select(e => new ClientRejection(e.Key.Item1, e.Key.Item2, e.Value.Reasons(), e.Value.Omitted))];
    }

    private sealed class Entry
    {
        private readonly Dictionary<(string Type, string Resource, string Message), Reason> _reasons = [];

        public int Omitted { get; private set; }

        public void Add(string type, string resource, NackRecord nack, ClientKind client, string node)
        {
            var key = (type, resource, nack.Message);
            if (!_reasons.TryGetValue(key, out var reason))
            {
                if (_reasons.Count >= MaxReasons)
                {
                    Omitted++;
                    return;
                }

                _reasons[key] = reason = new Reason();
            }

            if (nack.At >= reason.At)
            {
                (reason.At, reason.Version) = (nack.At, nack.RejectedVersion);
            }

            reason.Nodes.Add((client.Name, client.Version?.ToString(), node));
        }

        public IReadOnlyList<RejectionReason> Reasons() => [.. _reasons
            .OrderBy(r => r.Key.Type, StringComparer.Ordinal).ThenBy(r => r.Key.Resource, StringComparer.Ordinal).ThenBy(r => r.Key.Message, StringComparer.Ordinal)
            .Select(r => new RejectionReason(r.Key.Type, r.Key.Resource, r.Value.Version, r.Key.Message, [.. r.Value.Nodes
                .GroupBy(n => (n.Kind, n.Version))
                .Select(g => new RejectingClients(g.Key.Kind, g.Key.Version, g.Count()))
                .OrderByDescending(c => c.Count).ThenBy(c => c.Kind, StringComparer.Ordinal).ThenBy(c => c.Version, StringComparer.Ordinal)], r.Value.At))];
    }

    private sealed class Reason
    {
        // Node id with its identity (under mutual TLS): two identities claiming one node id are two clients.
        public HashSet<(string Kind, string? Version, string Node)> Nodes { get; } = [];

        public DateTimeOffset At { get; set; } = DateTimeOffset.MinValue;

        public string Version { get; set; } = string.Empty;
    }
}
