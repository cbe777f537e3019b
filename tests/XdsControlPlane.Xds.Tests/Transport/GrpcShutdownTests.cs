using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Protocol;
using XdsControlPlane.Xds.Snapshots;
using XdsControlPlane.Xds.Transport;

namespace XdsControlPlane.Xds.Tests.Transport;

/// <summary>
/// Stopping the server ends open streams with UNAVAILABLE so clients reconnect elsewhere. Without that, Kestrel
/// would wait out its 5 s shutdown timeout and then reset the streams, and the client would see no grpc-status.
/// </summary>
public sealed class GrpcShutdownTests
{
    /// <summary>
    /// A test-only endpoint (plain ASP.NET Core, outside the gRPC services, so shutdown does not end it) that sends gRPC
    /// response headers and then holds the request until the test releases it.
    /// </summary>
    private const string HoldMethod = "/xds.test.Hold/Hold";

    public enum Stop
    {
        StopAsync,
        DisposeAsync,
    }

    public enum OpenStream
    {
        SotwServing,
        DeltaServing,
        SotwAwaitingItsFirstRequest,
    }

    private static IEnumerable<TestCaseData> Cases() =>
        from stop in Enum.GetValues<Stop>()
        from stream in Enum.GetValues<OpenStream>()
        select new TestCaseData(stop, stream).SetName($"{stop}_Ends_{stream}_WithUnavailable");

    [TestCaseSource(nameof(Cases))]
    public async Task StoppingTheServerEndsOpenStreamsWithUnavailable(Stop stop, OpenStream stream)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestXdsServer.StartAsync(extraEndpoints: endpoints => endpoints.MapPost(HoldMethod, async context =>
        {
            context.Response.ContentType = "application/grpc";
            await context.Response.BodyWriter.FlushAsync();
            await release.Task;
        }));
        using var http = GrpcTestCall.CreateClient();
        server.Publish(Resources.Service("a"));
        var end = await OpenAsync(stream, http, server);
        // Kestrel closes a connection as soon as its last stream ends, and HttpClient drops a response whose end
        // it has received but the reader has not consumed yet when its connection goes away. A second call on the
        // same connection that outlives the shutdown keeps the connection up until the test has read the status.
        await using var hold = await GrpcTestCall.StartAsync(http, server.Address, HoldMethod);

        var stopping = stop == Stop.StopAsync ? server.Server.StopAsync() : server.Server.DisposeAsync().AsTask();
        var (status, message) = await Bounded.WaitAsync(end(), "the client to see its stream end after shutdown began");
        release.SetResult();
        await Bounded.WaitAsync(stopping, $"{stop} to finish once every call ended");

        Assert.That(status, Is.EqualTo((int)GrpcStatusCode.Unavailable));
        Assert.That(message, Is.EqualTo("server is shutting down"));
    }

    /// <summary>Opens a stream that the server is serving (or waiting on) and returns how to await its end.</summary>
    private static async Task<Func<Task<(int? Status, string? Message)>>> OpenAsync(OpenStream stream, HttpClient http, TestXdsServer server)
    {
        switch (stream)
        {
            case OpenStream.SotwServing:
                var sotw = await SotwTestStream.OpenAsync(http, server.Address, XdsServices.AggregatedSotw);
                await sotw.RequestAsync(TypeUrls.Cluster, node: SotwTestStream.TestNode("n"));
                await sotw.NextAsync("CDS response before shutdown");
                return () => sotw.EndAsync();
            case OpenStream.DeltaServing:
                var delta = await DeltaTestStream.OpenAsync(http, server.Address, XdsServices.AggregatedDelta);
                await delta.RequestAsync(TypeUrls.Cluster, subscribe: ["*"], node: SotwTestStream.TestNode("n"));
                await delta.NextAsync("delta CDS response before shutdown");
                return () => delta.EndAsync();
            default:
                // The response headers arrived, so the handler runs and is waiting for the first request.
                var idle = await SotwTestStream.OpenAsync(http, server.Address, XdsServices.AggregatedSotw);
                return () => idle.EndAsync();
        }
    }
}
