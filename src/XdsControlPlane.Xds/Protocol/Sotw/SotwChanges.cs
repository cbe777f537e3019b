using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Xds.Protocol.Sotw;

/// <summary>
/// P30: SotW RouteConfiguration, ClusterLoadAssignment and Secret responses are grouped as in the incremental variants
/// (Envoy's xDS protocol, "Grouping resources into responses"): after the first, a response carries only what changed,
/// and a resource it leaves out stays on the client. LDS and CDS stay full state (P18).
/// </summary>
internal static class SotwChanges
{
    /// <summary>
    /// grpc-js-xds before grpc-node pull request 1925 (October 2021, the 1.4 line) removed RDS and EDS resources a SotW
    /// response left out; releases below 1.5 keep full-state responses of every type.
    /// </summary>
    private static readonly Version s_grpcJsSince = new(1, 5);

    /// <summary>Whether <paramref name="client"/> must be sent its whole subscription in every response of every type.</summary>
    public static bool NeedsFullState(ClientKind client) =>
        client is { Name: ClientKind.GrpcJs, Version: { } version } && version < s_grpcJsSince;

    /// <summary>
    /// The resources of <paramref name="wanted"/> (sorted by name) that the client does not hold at their version, by
    /// what it holds (<paramref name="held"/>), still sorted by name.
    /// </summary>
    public static IReadOnlyList<XdsResource> Of(IReadOnlyList<XdsResource> wanted, IReadOnlyDictionary<string, XdsResource> held)
    {
        List<XdsResource>? changed = null;
        for (var i = 0; i < wanted.Count; i++)
        {
            var resource = wanted[i];
            if (!held.TryGetValue(resource.Name, out var sent) || sent.Version != resource.Version)
            {
                (changed ??= []).Add(resource);
            }
        }

        return changed is null ? [] : changed;
    }
}
