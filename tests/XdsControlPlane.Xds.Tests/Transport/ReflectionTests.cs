using Grpc.Core;
using Grpc.Reflection.V1Alpha;
using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Transport;

namespace XdsControlPlane.Xds.Tests.Transport;

/// <summary>Server reflection (for grpcurl and the like): off unless <see cref="GrpcServerOptions.EnableReflection"/>.</summary>
public sealed class ReflectionTests
{
    private static async Task<ServerReflectionResponse> AskAsync(TestXdsServer server, HttpClient http, ServerReflectionRequest request)
    {
        using var call = new ServerReflection.ServerReflectionClient(GrpcClient.Channel(http, server.Address)).ServerReflectionInfo();
        await call.RequestStream.WriteAsync(request);
        await call.RequestStream.CompleteAsync();
        Assert.That(await Bounded.WaitAsync(call.ResponseStream.MoveNext(), "the reflection answer"), Is.True);
        return call.ResponseStream.Current;
    }

    [Test]
    public async Task Enabled_ListsTheXdsCsdsAndHealthServices_AndDescribesTheirMessages()
    {
        await using var server = await TestXdsServer.StartAsync(options => options.EnableReflection = true);
        using var http = GrpcTestCall.CreateClient();

        var list = await AskAsync(server, http, new ServerReflectionRequest { ListServices = "" });
        var file = await AskAsync(server, http, new ServerReflectionRequest { FileContainingSymbol = "envoy.service.discovery.v3.AggregatedDiscoveryService" });

        Assert.That(list.ListServicesResponse.Service.Select(s => s.Name), Is.SupersetOf(new[]
        {
            "envoy.service.discovery.v3.AggregatedDiscoveryService", "envoy.service.listener.v3.ListenerDiscoveryService",
            "envoy.service.route.v3.RouteDiscoveryService", "envoy.service.cluster.v3.ClusterDiscoveryService",
            "envoy.service.endpoint.v3.EndpointDiscoveryService", "envoy.service.secret.v3.SecretDiscoveryService",
            "envoy.service.status.v3.ClientStatusDiscoveryService", "grpc.health.v1.Health",
        }));
        var descriptor = Google.Protobuf.Reflection.FileDescriptorProto.Parser.ParseFrom(file.FileDescriptorResponse.FileDescriptorProto[0]);
        Assert.That(descriptor.Name, Is.EqualTo("envoy/service/discovery/v3/ads.proto"));
    }

    [Test]
    public async Task OffByDefault_IsUnimplemented()
    {
        await using var server = await TestXdsServer.StartAsync();
        using var http = GrpcTestCall.CreateClient();

        var error = Assert.ThrowsAsync<RpcException>(() => AskAsync(server, http, new ServerReflectionRequest { ListServices = "" }));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.Unimplemented));
    }
}
