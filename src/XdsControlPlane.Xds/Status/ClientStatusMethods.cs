using Envoy.Service.Status.V3;
using Grpc.AspNetCore.Server.Model;
using XdsControlPlane.Xds.Transport;

namespace XdsControlPlane.Xds.Status;

/// <summary>The CSDS methods, declared to Grpc.AspNetCore for <c>MapGrpcService&lt;ClientStatusService&gt;()</c>.</summary>
internal sealed class ClientStatusMethods : IServiceMethodProvider<ClientStatusService>
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<ClientStatusService> context)
    {
        context.AddDuplex(ClientStatusService.StreamMethod, ClientStatusRequest.Parser, (service, call) => service.StreamAsync(call));
        context.AddUnary(ClientStatusService.FetchMethod, ClientStatusRequest.Parser, (service, call) => service.FetchAsync(call));
    }
}
