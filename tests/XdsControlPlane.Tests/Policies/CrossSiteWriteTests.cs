using System.Net;
using System.Text;
using XdsControlPlane.Cli;

namespace XdsControlPlane.Tests.Policies;

/// <summary>
/// Issue 10 D7 on the policy API with no admin token (the default): a web page's cross-site write is refused, the CLI's
/// JSON write is accepted. Browser requests are simulated with the headers a browser sends (Origin, Sec-Fetch-Site).
/// </summary>
public sealed class CrossSiteWriteTests : PolicyApiFixture
{
    private async Task<HttpResponseMessage> PostAsync(string contentType, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/policies")
        {
            Content = new StringContent(Policy("injected", "\"fault\": {\"abort\": {\"percent\": 100, \"httpStatus\": 503}}"), Encoding.UTF8),
        };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await Server.Http.SendAsync(request);
    }

    [Test]
    public async Task BrowserCrossOriginTextPlainPost_IsRefused403_AndCreatesNothing()
    {
        using var response = await PostAsync("text/plain;charset=UTF-8", ("Origin", "http://evil.example"), ("Sec-Fetch-Site", "cross-site"));

        var problem = await JsonAsync(response);
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That((string?)problem["reason"], Is.EqualTo("cross-origin"));
            Assert.That((string?)problem["detail"], Does.Contain("cross-site"));
            Assert.That(await Server.Store.ListAsync(), Is.Empty);
        });
    }

    private static IEnumerable<TestCaseData> Refused()
    {
        yield return new TestCaseData("application/json", new[] { ("Origin", "http://evil.example") }, HttpStatusCode.Forbidden, "cross-origin")
            .SetName("JSON from another Origin is refused");
        yield return new TestCaseData("application/json", new[] { ("Origin", "null") }, HttpStatusCode.Forbidden, "cross-origin")
            .SetName("JSON from an opaque Origin (null) is refused");
        yield return new TestCaseData("application/json", new[] { ("Sec-Fetch-Site", "same-site") }, HttpStatusCode.Forbidden, "cross-origin")
            .SetName("JSON from a sibling site (Sec-Fetch-Site same-site) is refused");
        yield return new TestCaseData("text/plain", Array.Empty<(string, string)>(), HttpStatusCode.UnsupportedMediaType, "content-type")
            .SetName("text/plain without browser headers is refused 415");
        yield return new TestCaseData("application/x-www-form-urlencoded", Array.Empty<(string, string)>(), HttpStatusCode.UnsupportedMediaType, "content-type")
            .SetName("a form post is refused 415");
    }

    [TestCaseSource(nameof(Refused))]
    public async Task Refused_WithAProblemNamingTheReason(string contentType, (string, string)[] headers, HttpStatusCode status, string reason)
    {
        using var response = await PostAsync(contentType, headers);

        Assert.That((response.StatusCode, (string?)(await JsonAsync(response))["reason"]), Is.EqualTo((status, reason)));
        Assert.That(await Server.Store.ListAsync(), Is.Empty);
    }

    [Test]
    public async Task SameOriginJsonPost_IsAccepted()
    {
        using var response = await PostAsync("application/json", ("Origin", Server.Address.GetLeftPart(UriPartial.Authority)), ("Sec-Fetch-Site", "same-origin"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task TheCli_CreatesAndDeletes()
    {
        var file = Path.Combine(Dir, "p.json");
        await File.WriteAllTextAsync(file, Policy("from-cli"));
        using var output = new StringWriter();
        using var error = new StringWriter();

        var applied = await CommandLine.RunAsync(["policies", "apply", "-f", file, "--server", Server.Address.ToString()], output, error);
        var deleted = await CommandLine.RunAsync(["policies", "delete", "default/from-cli", "--server", Server.Address.ToString()], output, error);

        Assert.That((applied, deleted, error.ToString()), Is.EqualTo((0, 0, "")), output.ToString());
        Assert.That(await Server.Store.ListAsync(), Is.Empty);
    }

    [Test]
    public async Task AllowedOrigin_MayWrite()
    {
        await Server.DisposeAsync();
        Server = await PolicyApiHost.StartAsync(Dir, admin: new AdminOptions { AllowedOrigins = ["https://ops.example.com"] });

        using var response = await PostAsync("application/json", ("Origin", "https://ops.example.com"), ("Sec-Fetch-Site", "cross-site"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }
}
