using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using XdsControlPlane.Cli;
using XdsControlPlane.Diagnostics;
using XdsControlPlane.Tests.Support;

namespace XdsControlPlane.Tests.Diagnostics;

/// <summary>
/// The admin port's guards: issue 10 D7's pin request from a web page refused and from the CLI accepted, the Host
/// allow-list against DNS rebinding, read and write tokens, and the request log naming the caller but never the token.
/// </summary>
public sealed class AdminGuardTests
{
    private DiagnosticsHost _host = null!;
    private JsonLinesSink _log = null!;

    private async Task StartAsync(AdminOptions admin)
    {
        _log = new JsonLinesSink();
        _host = await DiagnosticsHost.StartAsync(admin, _log);
        _host.Reconciler.Apply(Model.ModelContext.Empty);
    }

    [TearDown]
    public async Task TearDown() => await _host.DisposeAsync();

    private string PinPath => $"api/v1/snapshots/{_host.Reconciler.Latest!.Version}/pin";

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null, string? bearer = null, string? host = null,
        params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (host is not null)
        {
            request.Headers.Host = host;
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await _host.Http.SendAsync(request);
    }

    private static StringContent Text(string body) => new(body, Encoding.UTF8, "text/plain");

    private static async Task<string?> ReasonAsync(HttpResponseMessage response) => (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["reason"];

    [Test]
    public async Task BrowserCrossOriginTextPlainPin_IsRefused403_AndNothingIsPinned()
    {
        await StartAsync(new AdminOptions());

        using var response = await SendAsync(HttpMethod.Post, PinPath, Text(""), headers: [("Origin", "http://evil.example"), ("Sec-Fetch-Site", "cross-site")]);

        Assert.That((response.StatusCode, await ReasonAsync(response)), Is.EqualTo((HttpStatusCode.Forbidden, "cross-origin")));
        Assert.That(_host.Reconciler.Pinned, Is.Null);
    }

    [Test]
    public async Task TextPlainPin_WithoutBrowserHeaders_IsRefused415()
    {
        await StartAsync(new AdminOptions());

        using var response = await SendAsync(HttpMethod.Post, PinPath, Text("{}"));

        Assert.That((response.StatusCode, await ReasonAsync(response)), Is.EqualTo((HttpStatusCode.UnsupportedMediaType, "content-type")));
        Assert.That(_host.Reconciler.Pinned, Is.Null);
    }

    [Test]
    public async Task TheCli_PinsAndUnpins()
    {
        await StartAsync(new AdminOptions());
        using var output = new StringWriter();
        using var error = new StringWriter();

        var pinned = await CommandLine.RunAsync(["pin", _host.Reconciler.Latest!.Version, "--server", _host.Admin.ToString()], output, error);
        var wasPinned = _host.Reconciler.Pinned is not null;
        var unpinned = await CommandLine.RunAsync(["unpin", "--server", _host.Admin.ToString()], output, error);

        Assert.That((pinned, wasPinned, unpinned, error.ToString()), Is.EqualTo((0, true, 0, "")), output.ToString());
        Assert.That(_host.Reconciler.Pinned, Is.Null);
    }

    [TestCase("evil.example", TestName = "Host_ARebindingName_Is421")]
    [TestCase("evil.example:18080", TestName = "Host_ARebindingNameWithPort_Is421")]
    [TestCase("10.0.0.7", TestName = "Host_AnotherAddress_Is421_WhenBoundToLoopback")]
    public async Task Host_NotAllowed_Is421(string host)
    {
        await StartAsync(new AdminOptions());

        using var api = await SendAsync(HttpMethod.Get, "api/v1/proxies", host: host);
        using var metrics = await SendAsync(HttpMethod.Get, "metrics", host: host);

        Assert.That((api.StatusCode, await ReasonAsync(api)), Is.EqualTo(((HttpStatusCode)421, "host")));
        Assert.That(metrics.StatusCode, Is.EqualTo((HttpStatusCode)421));
    }

    [TestCase("localhost")]
    [TestCase("127.0.0.1")]
    [TestCase("[::1]")]
    public async Task Host_Loopback_IsServed(string host)
    {
        await StartAsync(new AdminOptions());

        using var response = await SendAsync(HttpMethod.Get, "api/v1/proxies", host: host + ":" + _host.Admin.Port);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Host_Configured_ReplacesTheDefaults()
    {
        await StartAsync(new AdminOptions { AllowedHosts = ["xds-admin.ops.svc"] });

        using var named = await SendAsync(HttpMethod.Get, "api/v1/proxies", host: "xds-admin.ops.svc:18080");
        using var loopback = await SendAsync(HttpMethod.Get, "api/v1/proxies", host: "localhost");

        Assert.That((named.StatusCode, loopback.StatusCode), Is.EqualTo((HttpStatusCode.OK, (HttpStatusCode)421)));
    }

    [Test]
    public void ReadTokenWithoutWriteToken_IsRefusedAtStart() =>
        Assert.That(() => AdminTokenExtensions.Validate(new AdminOptions { ReadToken = "r" }), Throws.ArgumentException.With.Message.Contains("Admin:Token"));

    [Test]
    public async Task ReadToken_Reads_ButCannotPin_WriteTokenPins()
    {
        await StartAsync(new AdminOptions { Token = "write-secret", ReadToken = "read-secret" });
        var json = new StringContent("{}", Encoding.UTF8, "application/json");

        using var read = await SendAsync(HttpMethod.Get, "api/v1/proxies", bearer: "read-secret");
        using var pinWithRead = await SendAsync(HttpMethod.Post, PinPath, json, bearer: "read-secret");
        var pinnedByRead = _host.Reconciler.Pinned is not null;
        using var pinWithWrite = await SendAsync(HttpMethod.Post, PinPath, new StringContent("{}", Encoding.UTF8, "application/json"), bearer: "write-secret");

        Assert.Multiple(async () =>
        {
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((pinWithRead.StatusCode, await ReasonAsync(pinWithRead)), Is.EqualTo((HttpStatusCode.Forbidden, "read-token")));
            Assert.That(pinnedByRead, Is.False);
            Assert.That(pinWithWrite.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(_host.Reconciler.Pinned, Is.Not.Null);
        });
    }

    [Test]
    public async Task RequestLog_NamesMethodPathStatusCallerAndTokenKind_NeverTheToken()
    {
        await StartAsync(new AdminOptions { Token = "write-secret", ReadToken = "read-secret" });

        (await SendAsync(HttpMethod.Post, PinPath, new StringContent("{}", Encoding.UTF8, "application/json"), bearer: "write-secret")).Dispose();
        (await SendAsync(HttpMethod.Get, "api/v1/proxies", bearer: "read-secret")).Dispose();
        (await SendAsync(HttpMethod.Get, "api/v1/proxies", bearer: "wrong")).Dispose();

        var requests = _log.Events.Where(e => e["StatusCode"] is not null).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(requests.Select(e => ((string?)e["RequestMethod"], (string?)e["RequestPath"], (int?)e["StatusCode"], (string?)e["TokenKind"], (string?)e["@l"])),
                Is.EqualTo(new[]
                {
                    ("POST", "/" + PinPath, (int?)200, "write", (string?)null),
                    ("GET", "/api/v1/proxies", 200, "read", "Debug"),
                    ("GET", "/api/v1/proxies", 401, "none", "Warning"),
                }));
            Assert.That(requests.Select(e => (string?)e["RemoteAddress"]), Has.All.EqualTo("127.0.0.1"));
            Assert.That(requests.Select(e => (double?)e["Elapsed"]), Has.All.GreaterThanOrEqualTo(0));
            Assert.That(_log.Events.Select(e => e.ToJsonString()), Has.None.Contains("secret"));
        });
    }
}
