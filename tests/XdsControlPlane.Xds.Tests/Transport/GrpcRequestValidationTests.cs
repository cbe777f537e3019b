using System.Net;
using System.Net.Http.Headers;
using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Protocol;
using XdsControlPlane.Xds.Tests.Support;
using XdsControlPlane.Xds.Transport;

namespace XdsControlPlane.Xds.Tests.Transport;

/// <summary>What the transport answers before any handler runs: unknown methods, wrong content types, wrong HTTP versions.</summary>
public sealed class GrpcRequestValidationTests : ServerFixture
{
    private static IEnumerable<TestCaseData> UnknownMethods() =>
    [
        new TestCaseData("/no.such.Service/Method", "Service is unimplemented.").SetName("UnknownService_IsUnimplementedInATrailersOnlyResponse"),
        new TestCaseData("/envoy.service.discovery.v3.AggregatedDiscoveryService/NoSuchMethod", "Method is unimplemented.")
            .SetName("UnknownMethodOfAKnownService_IsUnimplementedInATrailersOnlyResponse"),
        // Endpoint routing matches paths in any case; gRPC method names are case-sensitive.
        new TestCaseData("/envoy.service.discovery.v3.aggregateddiscoveryservice/streamaggregatedresources", "Method is unimplemented.")
            .SetName("MethodPathsAreCaseSensitive_WrongCaseIsUnimplemented"),
    ];

    [TestCaseSource(nameof(UnknownMethods))]
    public async Task UnknownMethodIsUnimplementedInATrailersOnlyResponse(string method, string expectedMessage)
    {
        await using var call = await GrpcTestCall.StartAsync(Http, Server.Address, method);

        Assert.That(call.HttpStatus, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(call.ContentType, Is.EqualTo("application/grpc"));
        // Trailers-only: the status is in the headers and the response has no body and no trailers.
        Assert.That(call.Headers.GetValues("grpc-status"), Is.EqualTo(new[] { "12" }));
        Assert.That(await Bounded.WaitAsync(call.ReadFrameAsync(), "the end of the response"), Is.Null);
        Assert.That(call.TrailingHeaders, Is.Empty);
        var (status, message) = call.Status;
        Assert.That(status, Is.EqualTo((int)GrpcStatusCode.Unimplemented));
        Assert.That(message, Is.EqualTo(expectedMessage));
        Assert.That(Server.Ledger.Count, Is.Zero, "no stream reached the xDS engine");
    }

    private static IEnumerable<TestCaseData> NonGrpcContentTypes() =>
        new[] { "application/json", "text/plain", "application/grpc-web", "application/grpc-web+proto", "application/grpcx" }
            .Select(type => new TestCaseData(type).SetName($"ContentType_{type}_IsRejectedWith415"));

    [TestCaseSource(nameof(NonGrpcContentTypes))]
    public async Task NonGrpcContentTypeIsRejectedWith415(string contentType)
    {
        await using var call = await GrpcTestCall.StartAsync(Http, Server.Address, XdsServices.AggregatedSotw, contentType: contentType);

        // The HTTP status is what a non-gRPC client understands; Grpc.AspNetCore adds a gRPC status for gRPC clients.
        Assert.That(call.HttpStatus, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        Assert.That(call.Status, Is.EqualTo(((int?)GrpcStatusCode.Internal, (string?)$"Content-Type '{contentType}' is not supported.")));
        Assert.That(Server.Ledger.Count, Is.Zero, "no stream reached the xDS engine");
    }

    private static IEnumerable<TestCaseData> GrpcContentTypes() =>
        new[] { "application/grpc", "application/grpc+proto", "application/grpc; charset=utf-8" }
            .Select(type => new TestCaseData(type).SetName($"ContentType_{type}_IsServed"));

    [TestCaseSource(nameof(GrpcContentTypes))]
    public async Task GrpcContentTypeIsServed(string contentType)
    {
        Publish(Resources.Service("a"));
        await using var ads = new SotwTestStream(
            await GrpcTestCall.StartAsync(Http, Server.Address, XdsServices.AggregatedSotw, contentType: contentType), null);

        await ads.RequestAsync(Xds.Snapshots.TypeUrls.Cluster, node: SotwTestStream.TestNode("n"));
        var response = await ads.NextAsync("CDS response");

        Assert.That(Resources.Names(response), Is.EqualTo(new[] { "a-cluster" }));
    }

    [Test]
    public async Task Http11RequestToTheH2cPortIsRefusedByKestrelWith400()
    {
        // The endpoint is HTTP/2 only, so an HTTP/1.1 request never reaches the handler (whose 426 is for
        // endpoints that would also speak HTTP/1.1): Kestrel sees a request line instead of the HTTP/2
        // preface and answers in HTTP/1.1 before closing the connection.
        using var http11 = new HttpClient(new SocketsHttpHandler());
        using var content = new ByteArrayContent([]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Server.Address, XdsServices.AggregatedSotw))
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };

        using var response = await Bounded.WaitAsync(http11.SendAsync(request), "the HTTP/1.1 response");

        Assert.That(response.Version, Is.EqualTo(HttpVersion.Version11));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("HTTP/2"));
    }
}
