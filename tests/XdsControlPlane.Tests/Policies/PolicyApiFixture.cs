using System.Text;
using System.Text.Json.Nodes;

namespace XdsControlPlane.Tests.Policies;

/// <summary>A fresh data directory and in-process server per test, and request helpers.</summary>
public abstract class PolicyApiFixture
{
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private protected PolicyApiHost Server { get; set; } = null!;

    protected string Dir { get; private set; } = null!;

    [SetUp]
    public async Task StartServer()
    {
        Dir = Directory.CreateTempSubdirectory("xds-policy-api-").FullName;
        Server = await PolicyApiHost.StartAsync(Dir);
    }

    [TearDown]
    public async Task StopServer()
    {
        await Server.DisposeAsync();
        Directory.Delete(Dir, recursive: true);
    }

    protected static string Policy(string name, string sections = "\"retry\": {\"attempts\": 3, \"on\": [\"unavailable\"]}", string target = "echo") =>
        $$$"""{"apiVersion": "xds.controlplane.io/v1alpha1", "kind": "XdsPolicy", "metadata": {"name": "{{{name}}}", "namespace": "default"}, "spec": {"targetRef": {"kind": "Service", "name": "{{{target}}}"}, {{{sections}}}}}""";

    protected Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body = null, string? ifMatch = null, string? actor = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (actor is not null)
        {
            request.Headers.Add("X-Actor", actor);
        }

        return Server.Http.SendAsync(request);
    }

    protected Task<HttpResponseMessage> CreateAsync(string body, string? actor = null) => SendAsync(HttpMethod.Post, "api/v1/policies", body, actor: actor);

    protected static async Task<JsonNode> JsonAsync(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    protected static string? ETag(HttpResponseMessage response) => response.Headers.ETag?.Tag;

    protected static async Task UntilAsync(Func<bool> condition, string awaiting)
    {
        using var cts = new CancellationTokenSource(Wait);
        while (!condition())
        {
            try
            {
                await Task.Delay(20, cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"timed out after {Wait} waiting for {awaiting}");
            }
        }
    }
}
