using System.IO.Compression;
using Envoy.Service.Discovery.V3;
using Google.Protobuf;
using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Protocol;
using XdsControlPlane.Xds.Snapshots;
using XdsControlPlane.Xds.Tests.Support;
using XdsControlPlane.Xds.Transport;

namespace XdsControlPlane.Xds.Tests.Transport;

/// <summary>
/// Requests compressed with a <c>grpc-encoding</c> the server supports (Grpc.AspNetCore's gzip and deflate) are read; a
/// compressed message in another encoding ends the call with UNIMPLEMENTED naming the supported ones (gRPC's
/// compression spec: an uncompressed message is fine whatever the header says). Responses stay uncompressed (allowed by
/// the gRPC protocol; they are shared, pre-encoded bytes).
/// </summary>
public sealed class GrpcCompressionTests : ServerFixture
{
    private const int Limit = 1024;

    protected override void Configure(GrpcServerOptions options) => options.MaxReceiveMessageSize = Limit;

    private static byte[] Compress(string encoding, byte[] message)
    {
        using var output = new MemoryStream();
        using (Stream deflater = encoding == "gzip" ? new GZipStream(output, CompressionLevel.Optimal) : new ZLibStream(output, CompressionLevel.Optimal))
        {
            deflater.Write(message);
        }

        return output.ToArray();
    }

    private Task<GrpcTestCall> StartAsync(string encoding) =>
        GrpcTestCall.StartAsync(Http, Server.Address, XdsServices.AggregatedSotw, new Dictionary<string, string> { ["grpc-encoding"] = encoding });

    private static DiscoveryRequest ClusterRequest() => new() { TypeUrl = TypeUrls.Cluster, Node = SotwTestStream.TestNode("compressed") };

    [TestCase("gzip")]
    [TestCase("deflate")]
    public async Task CompressedRequests_AreRead_AndAnUncompressedOneOnTheSameCallToo(string encoding)
    {
        Publish(Resources.Service("a"), Resources.Service("b"));
        await using var call = await StartAsync(encoding);

        await call.SendRawAsync(Compress(encoding, ClusterRequest().ToByteArray()), compressedFlag: true);
        var first = await Bounded.WaitAsync(call.ReadAsync(DiscoveryResponse.Parser), "CDS response to the compressed request");
        var ack = new DiscoveryRequest { TypeUrl = TypeUrls.Cluster, VersionInfo = first!.VersionInfo, ResponseNonce = first.Nonce };
        await call.SendAsync(ack);
        await call.SendRawAsync(Compress(encoding, new DiscoveryRequest { TypeUrl = TypeUrls.Secret, ResourceNames = { BarrierSecret } }.ToByteArray()), compressedFlag: true);
        var barrier = await Bounded.WaitAsync(call.ReadAsync(DiscoveryResponse.Parser), "SDS response after the uncompressed ACK");

        Assert.Multiple(() =>
        {
            Assert.That(Resources.Names(first), Is.EqualTo(new[] { "a-cluster", "b-cluster" }));
            Assert.That(barrier!.TypeUrl, Is.EqualTo(TypeUrls.Secret), "the uncompressed ACK was read and caused no response");
            Assert.That(call.Headers.Contains("grpc-encoding"), Is.False, "responses are not compressed");
        });
    }

    [Test]
    public async Task AMessageCompressedInAnUnsupportedEncoding_IsUnimplemented_NamingTheSupportedOnes()
    {
        Publish(Resources.Service("a"));
        await using var call = await StartAsync("snappy");

        await call.SendRawAsync(Compress("gzip", ClusterRequest().ToByteArray()), compressedFlag: true);
        var (status, message) = await Bounded.WaitAsync(call.ReadToEndAsync(), "the end of the call");

        Assert.That(status, Is.EqualTo((int)GrpcStatusCode.Unimplemented));
        Assert.That(message, Does.Contain("'snappy'").And.Contain("identity").And.Contain("gzip").And.Contain("deflate"));
        Assert.That(Server.Ledger.Count, Is.Zero, "the request was never handed to the xDS engine");
    }

    [Test]
    public async Task AnUnsupportedEncodingHeader_WithUncompressedMessages_IsServed()
    {
        Publish(Resources.Service("a"));
        await using var call = await StartAsync("snappy");

        await call.SendAsync(ClusterRequest());
        var response = await Bounded.WaitAsync(call.ReadAsync(DiscoveryResponse.Parser), "CDS response to the uncompressed request");

        Assert.That(Resources.Names(response!), Is.EqualTo(new[] { "a-cluster" }));
    }

    [Test]
    public async Task AMessageThatInflatesBeyondTheLimit_IsResourceExhausted()
    {
        Publish(Resources.Service("a"));
        await using var call = await StartAsync("gzip");
        var request = ClusterRequest();
        request.ResourceNames.Add(new string('a', 100 * Limit));
        var compressed = Compress("gzip", request.ToByteArray());
        Assert.That(compressed, Has.Length.LessThan(Limit), "small on the wire");

        await call.SendRawAsync(compressed, compressedFlag: true);
        var (status, message) = await Bounded.WaitAsync(call.ReadToEndAsync(), "the end of the call");

        Assert.That(status, Is.EqualTo((int)GrpcStatusCode.ResourceExhausted));
        Assert.That(message, Does.Contain("exceeds the maximum configured message size"));
    }

    [Test]
    public async Task BytesThatAreNotValidForTheEncoding_AreInternal()
    {
        Publish(Resources.Service("a"));
        await using var call = await StartAsync("gzip");

        await call.SendRawAsync([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], compressedFlag: true);
        var (status, message) = await Bounded.WaitAsync(call.ReadToEndAsync(), "the end of the call");

        Assert.That(status, Is.EqualTo((int)GrpcStatusCode.Internal));
        Assert.That(message, Does.Contain("request message could not be read"));
    }
}
