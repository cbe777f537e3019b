using System.Text.Json.Nodes;
using XdsControlPlane.Testing;
using XdsControlPlane.Tests.Support;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Tests.Rejections;

/// <summary><c>GET /api/v1/errors</c> lists what connected clients NACK on the source object, until they ACK a later version.</summary>
public sealed class ErrorsApiRejectionTests
{
    [Test]
    public async Task ANack_ShowsOnTheSourceObjectWithTheClients_AndClearsWhenALaterVersionIsAcked()
    {
        await using var host = await DiagnosticsHost.StartAsync();
        using var grpc = GrpcTestCall.CreateClient();
        AdsClient.Publish(host, AdsClient.Cluster("default/echo:50051"));
        await using var client = await AdsClient.ConnectAsync(host, grpc, "gw-1");

        await client.NackAsync(await client.NextAsync(TypeUrls.Cluster), "Error adding/updating cluster(s) default/echo:50051: unsupported lb_policy");
        await client.BarrierAsync();
        var rows = await ErrorsAsync(host);

        var row = rows.Single()!;
        var error = row["errors"]!.AsArray().Single()!;
        Assert.Multiple(() =>
        {
            Assert.That(((string?)row["kind"], (string?)row["namespace"], (string?)row["name"]), Is.EqualTo(("Service", "default", "echo")));
            Assert.That(((string?)error["field"], (string?)error["reason"], (string?)error["severity"]), Is.EqualTo(("spec.ports[port=50051]", "RejectedByClient", "Error")));
            Assert.That(error["clients"]!.ToJsonString(), Is.EqualTo("""[{"kind":"unknown","version":"1.0","count":1}]"""));
            Assert.That(((string?)error["rejected"]!["type"], (string?)error["rejected"]!["resource"]), Is.EqualTo(("CDS", "default/echo:50051")));
            Assert.That((string?)error["rejected"]!["message"], Is.EqualTo("Error adding/updating cluster(s) default/echo:50051: unsupported lb_policy"));
            Assert.That((string?)error["message"], Does.StartWith("rejected by 1 client (unknown 1.0 ×1): CDS 'default/echo:50051' version "));
        });

        AdsClient.Publish(host, AdsClient.Cluster("default/echo:50051"), AdsClient.Cluster("default/web:80"));
        await client.AckAsync(await client.NextAsync(TypeUrls.Cluster));
        await client.BarrierAsync();
        Assert.That(await ErrorsAsync(host), Is.Empty, "the ACK of a later version clears it");
    }

    private static async Task<JsonArray> ErrorsAsync(DiagnosticsHost host) =>
        JsonNode.Parse(await host.Http.GetStringAsync(new Uri("/api/v1/errors", UriKind.Relative)))!.AsArray();
}
