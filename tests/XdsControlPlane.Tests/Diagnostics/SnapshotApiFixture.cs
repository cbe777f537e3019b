using System.Net;
using System.Text.Json.Nodes;
using XdsControlPlane.Tests.Support;

namespace XdsControlPlane.Tests.Diagnostics;

/// <summary>A fresh in-process snapshot API on its own data directory per test.</summary>
public abstract class SnapshotApiFixture
{
    private protected SnapshotApiHost Host { get; set; } = null!;

    protected string DataDirectory { get; private set; } = null!;

    [SetUp]
    public async Task StartHost()
    {
        DataDirectory = Directory.CreateTempSubdirectory("xds-diag-").FullName;
        Host = await SnapshotApiHost.StartAsync(DataDirectory);
    }

    [TearDown]
    public async Task StopHost()
    {
        await Host.DisposeAsync();
        Directory.Delete(DataDirectory, recursive: true);
    }

    /// <summary>Sends a request and parses the JSON answer.</summary>
    protected async Task<(HttpStatusCode Status, JsonNode Body)> SendAsync(HttpMethod method, string path)
    {
        using var response = await Host.Http.SendAsync(new HttpRequestMessage(method, path));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"), $"{method} {path}: {text}");
        return (response.StatusCode, JsonNode.Parse(text)!);
    }

    protected Task<(HttpStatusCode Status, JsonNode Body)> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    /// <summary>GETs <paramref name="path"/>, asserting 200.</summary>
    protected async Task<JsonNode> GetOkAsync(string path)
    {
        var (status, body) = await GetAsync(path);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
        return body;
    }

    /// <summary>Applies <paramref name="model"/> and returns the newest configuration's version.</summary>
    private protected string Apply(XdsControlPlane.Model.ModelContext model)
    {
        Host.Reconciler.Apply(model);
        return Host.Reconciler.Latest!.Version;
    }
}
