using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using XdsControlPlane.Tests.Support;

namespace XdsControlPlane.Tests.Diagnostics;

/// <summary>With <c>Admin:Token</c> set, <c>/api/</c> needs the bearer token; probes and metrics stay open.</summary>
public sealed class AdminTokenTests
{
    private const string Token = "s3cret-token";
    private DiagnosticsHost _host = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        _host = await DiagnosticsHost.StartAsync(Token);
        _host.Reconciler.Apply(Model.ModelContext.Empty);
    }

    [OneTimeTearDown]
    public async Task TearDown() => await _host.DisposeAsync();

    private async Task<HttpResponseMessage> GetAsync(string path, string? bearer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return await _host.Http.SendAsync(request);
    }

    [TestCase("api/v1/proxies", null, TestName = "Api_WithoutToken_Is401")]
    [TestCase("api/v1/errors", "wrong", TestName = "Api_WithWrongToken_Is401")]
    [TestCase("api/v1/proxies/some-node", "s3cret-token-but-longer", TestName = "Api_WithALongerToken_Is401")]
    [TestCase("api/v1/snapshots", "", TestName = "Api_WithEmptyToken_Is401")]
    public async Task Api_WithoutTheRightToken_Is401WithChallengeAndJsonError(string path, string? bearer)
    {
        using var response = await GetAsync(path, bearer);

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(response.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer"));
            Assert.That((string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"], Does.Contain("bearer token"));
        });
    }

    [TestCase("api/v1/proxies")]
    [TestCase("api/v1/errors")]
    [TestCase("api/v1/snapshots")]
    public async Task Api_WithTheToken_Is200(string path)
    {
        using var response = await GetAsync(path, Token);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("healthz")]
    [TestCase("readyz")]
    [TestCase("metrics")]
    public async Task ProbesAndMetrics_StayOpenWithoutToken(string path)
    {
        using var response = await GetAsync(path, null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
