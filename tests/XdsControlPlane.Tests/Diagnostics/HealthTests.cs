using System.Net;
using XdsControlPlane.Tests.Support;

namespace XdsControlPlane.Tests.Diagnostics;

/// <summary><c>/healthz</c> always answers; <c>/readyz</c> waits for the first published snapshot and every registered check.</summary>
public sealed class HealthTests
{
    private DiagnosticsHost _host = null!;

    [SetUp]
    public async Task SetUp() => _host = await DiagnosticsHost.StartAsync();

    [TearDown]
    public async Task TearDown() => await _host.DisposeAsync();

    private async Task<(HttpStatusCode Status, string Body)> GetAsync(string path)
    {
        using var response = await _host.Http.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Healthz_IsOkBeforeAnythingWasPublished() =>
        Assert.That(await GetAsync("healthz"), Is.EqualTo((HttpStatusCode.OK, "ok")));

    [Test]
    public async Task Readyz_Is503UntilTheFirstModelIsPublished_Then200()
    {
        var before = await GetAsync("readyz");
        _host.Reconciler.Apply(Model.ModelContext.Empty);
        var after = await GetAsync("readyz");

        Assert.Multiple(() =>
        {
            Assert.That(before.Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(before.Body, Is.EqualTo("not ready: snapshots: no model compiled and published yet"));
            Assert.That(after, Is.EqualTo((HttpStatusCode.OK, "ready")));
        });
    }

    [Test]
    public async Task Readyz_AnotherSourcesFailingCheck_Is503WithItsReason()
    {
        _host.Reconciler.Apply(Model.ModelContext.Empty);
        _host.Checks.Add(new ReadinessStub("policy-store", false, "database is locked"));
        _host.Checks.Add(new ReadinessStub("kubernetes", true, null));

        var (status, body) = await GetAsync("readyz");

        Assert.That((status, body), Is.EqualTo((HttpStatusCode.ServiceUnavailable, "not ready: policy-store: database is locked")));
    }
}
