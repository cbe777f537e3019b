using Envoy.Service.Discovery.V3;
using Grpc.AspNetCore.Server.Model;
using XdsControlPlane.Xds.Transport;

namespace XdsControlPlane.Xds.Protocol;

/// <summary>
/// The xDS methods of <see cref="XdsServices"/> (P1), declared to Grpc.AspNetCore for
/// <c>MapGrpcService&lt;XdsStreamHandler&gt;()</c>: a thin façade forwarding to the stream engine by type URL.
/// </summary>
internal sealed class XdsMethods : IServiceMethodProvider<XdsStreamHandler>
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<XdsStreamHandler> context)
    {
        context.AddDuplex(XdsServices.AggregatedSotw, DiscoveryRequest.Parser, (handler, call) => handler.RunSotwAsync(call, fixedTypeUrl: null));
        context.AddDuplex(XdsServices.AggregatedDelta, DeltaDiscoveryRequest.Parser, (handler, call) => handler.RunDeltaAsync(call, fixedTypeUrl: null));
        foreach (var (service, sotw, delta, fetch, typeUrl) in XdsServices.PerType)
        {
            context.AddDuplex($"/{service}/{sotw}", DiscoveryRequest.Parser, (handler, call) => handler.RunSotwAsync(call, typeUrl));
            context.AddDuplex($"/{service}/{delta}", DeltaDiscoveryRequest.Parser, (handler, call) => handler.RunDeltaAsync(call, typeUrl));
            context.AddUnary($"/{service}/{fetch}", DiscoveryRequest.Parser, (handler, call) => handler.FetchAsync(call, typeUrl));
        }
    }
}
