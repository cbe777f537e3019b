using Envoy.Service.Discovery.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Snapshots;
using XdsControlPlane.Xds.Tests.Support;
using XdsControlPlane.Xds.Transport;

namespace XdsControlPlane.Xds.Tests.Transport;

/// <summary>
/// Request messages the server refuses, each as the first message of an ADS stream and after a request that was
/// served (the engine reads them on different paths), ending the call with the gRPC status the spec asks for. The
/// framing and size checks are Grpc.AspNetCore's, so the messages are its own words.
/// </summary>
public sealed class GrpcMessageErrorTests : ServerFixture
{
    private const int Limit = 1024;

    public enum Position
    {
        FirstMessage,
        AfterAServedRequest,
    }

    /// <summary>One bad input: how to send it and what the call must end with.</summary>
    public sealed record BadInput(string Name, Func<GrpcTestCall, Task> Send, GrpcStatusCode Status, string[] MessageContains);

    private static readonly BadInput[] s_badInputs =
    [
        new("OversizedMessage_IsResourceExhausted",
            call => call.SendAsync(PaddedRequest(Limit + 1)),
            GrpcStatusCode.ResourceExhausted, ["exceeds the maximum configured message size"]),
        new("CompressedFlag_WithoutGrpcEncoding_IsInternalAboutCompression",
            call => call.SendRawAsync(PaddedRequest(200).ToByteArray(), compressedFlag: true),
            GrpcStatusCode.Internal, ["did not include grpc-encoding", "compressed message"]),
        new("FlagByteOtherThanZeroOrOne_IsInternal",
            call => call.SendRawAsync(PaddedRequest(200).ToByteArray(), flagByte: 2),
            GrpcStatusCode.Internal, ["request message could not be read", "compressed flag"]),
        // Field 1 with wire type 7, which does not exist.
        new("InvalidWireType_IsInvalidArgument",
            call => call.SendRawAsync([0x0F, 0x00]),
            GrpcStatusCode.InvalidArgument, ["not a valid DiscoveryRequest"]),
        // Field 1 (version_info) declares 5 bytes but the message ends after 1.
        new("TruncatedField_IsInvalidArgument",
            call => call.SendRawAsync([0x0A, 0x05, 0x41]),
            GrpcStatusCode.InvalidArgument, ["not a valid DiscoveryRequest"]),
        new("TagZero_IsInvalidArgument",
            call => call.SendRawAsync([0x00, 0x01]),
            GrpcStatusCode.InvalidArgument, ["not a valid DiscoveryRequest"]),
        // The frame header declares 100 bytes, 10 follow, then the client half-closes.
        new("StreamEndingMidFrame_IsInternal",
            async call =>
            {
                await call.SendRawAsync(new byte[10], declaredLength: 100);
                call.CompleteRequest();
            },
            GrpcStatusCode.Internal, ["Incomplete message"]),
    ];

    private static IEnumerable<TestCaseData> BadInputs() =>
        from input in s_badInputs
        from position in System.Enum.GetValues<Position>()
        select new TestCaseData(input, position).SetName($"{input.Name}_{position}");

    protected override void Configure(GrpcServerOptions options) => options.MaxReceiveMessageSize = Limit;

    [TestCaseSource(nameof(BadInputs))]
    public async Task BadRequestMessageEndsTheCallWithItsStatus(BadInput input, Position position)
    {
        Publish(Resources.Service("a"));
        await using var ads = await OpenAds();
        if (position == Position.AfterAServedRequest)
        {
            await ads.RequestAsync(TypeUrls.Cluster, node: SotwTestStream.TestNode("n"));
            await ads.NextAsync("CDS response to the good request");
        }

        await input.Send(ads.Call);
        var (status, message) = await Bounded.WaitAsync(ads.EndAsync(), "the end of the call");

        Assert.That(status, Is.EqualTo((int)input.Status), message);
        foreach (var part in input.MessageContains)
        {
            Assert.That(message, Does.Contain(part));
        }
    }

    [Test]
    public async Task MessageOfExactlyTheLimitIsServed()
    {
        Publish(Resources.Service("a"));
        await using var ads = await OpenAds();

        await ads.SendAsync(PaddedRequest(Limit));
        var response = await ads.NextAsync("CDS response to a request of exactly the size limit");

        Assert.That(Resources.Names(response), Is.EqualTo(new[] { "a-cluster" }));
    }

    /// <summary>A valid first ADS request for clusters whose encoding is exactly <paramref name="size"/> bytes.</summary>
    private static DiscoveryRequest PaddedRequest(int size)
    {
        var node = SotwTestStream.TestNode("padded");
        node.Metadata = new Struct();
        var request = new DiscoveryRequest { TypeUrl = TypeUrls.Cluster, Node = node };
        var padding = 0;
        // Nested length prefixes may grow by a byte as the padding grows; a few rounds settle it.
        for (var round = 0; round < 4 && request.CalculateSize() != size; round++)
        {
            padding = Math.Max(0, padding + size - request.CalculateSize());
            node.Metadata.Fields["padding"] = Value.ForString(new string('p', padding));
        }

        Assert.That(request.CalculateSize(), Is.EqualTo(size), "padded request size");
        return request;
    }
}
