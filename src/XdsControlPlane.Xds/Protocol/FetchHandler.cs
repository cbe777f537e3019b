using Envoy.Service.Discovery.V3;
using XdsControlPlane.Xds.Snapshots;
using XdsControlPlane.Xds.Transport;

namespace XdsControlPlane.Xds.Protocol;

/// <summary>
/// The unary <c>Fetch*</c> methods of the per-type services: one <c>DiscoveryRequest</c>, one <c>DiscoveryResponse</c>
/// holding the node's current state of the type (the named resources that exist, or all of them when none or
/// <c>*</c> is named). There is no stream, so nothing is recorded in the ledger and no nonce is given; a polling
/// client compares <c>version_info</c>, which is the same content hash a SotW stream would send.
/// </summary>
internal static class FetchHandler
{
    public static async Task RunAsync(IGrpcCall call, StreamContext context, string typeUrl)
    {
        var request = await call.ReadAsync(DiscoveryRequest.Parser, call.CallCancelled).ConfigureAwait(false)
            ?? throw new GrpcException(GrpcStatusCode.InvalidArgument, "a Fetch call needs one DiscoveryRequest");
        if (request.Node is null || request.Node.Id.Length == 0)
        {
            throw new GrpcException(GrpcStatusCode.InvalidArgument, "node.id is required: it decides which configuration is fetched (P4)");
        }

        XdsServices.CheckServiceType(request.TypeUrl, typeUrl);
        var profile = context.Profiles.Resolve(request.Node);
        var identity = context.Authorize(call, request.Node.Id, profile);
        var snapshot = context.Store.Get(profile)
            ?? throw new GrpcException(GrpcStatusCode.Unavailable, $"no configuration has been published for profile '{profile}' yet");
        var set = snapshot[typeUrl];
        var all = request.ResourceNames.Count == 0 || request.ResourceNames.Contains("*");
        IReadOnlyList<XdsResource> selected = all ? set.Items : set.Select(request.ResourceNames);
        var version = all ? set.Version : ResourceSet.VersionOf(selected);
        context.CheckSecrets(identity, request.Node.Id, typeUrl, selected);
        var entries = selected.Select(r => r.SotwEntry).ToArray();
        await call.WriteAsync(ResponseEncoder.Sotw(version, typeUrl, string.Empty, entries), call.CallCancelled).ConfigureAwait(false);
    }
}
