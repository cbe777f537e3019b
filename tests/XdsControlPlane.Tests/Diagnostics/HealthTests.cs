using System.Net;
using System.Text.Json.Nodes;
using XdsControlPlane.Tests.Support;

namespace XdsControlPlane.Tests.Diagnostics;

/// <summary><c>/healthz</c> always answers; <c>/readyz</c> waits for the first published snapshot and every gating check, and lists every check's state.</summary>
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

    // The readiness body as (status, [name state reason]) for exact comparison.
    private async Task<(HttpStatusCode Status, string Ready, string[] Checks)> ReadyzAsync()
    {
        var (status, body) = await GetAsync("readyz");
        var json = JsonNode.Parse(body)!;
        return (status, (string)json["status"]!, [.. json["checks"]!.AsArray().Select(c => $"{c!["name"]} {c["state"]} {c["reason"]}".TrimEnd())]);
    }

    [Test]
    public async Task Healthz_IsOkBeforeAnythingWasPublished() =>
        Assert.That(await GetAsync("healthz"), Is.EqualTo((HttpStatusCode.OK, "ok")));

    [Test]
    public async Task Readyz_Is503UntilTheFirstModelIsPublished_Then200()
    {
        var before = await ReadyzAsync();
        _host.Reconciler.Apply(Model.ModelContext.Empty);
        var after = await ReadyzAsync();

        Assert.Multiple(() =>
        {
            Assert.That(before.Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That((before.Ready, before.Checks), Is.EqualTo(("not ready", new[] { "snapshots failing no model compiled and published yet" })));
            Assert.That((after.Status, after.Ready, after.Checks), Is.EqualTo((HttpStatusCode.OK, "ready", new[] { "snapshots ok" })));
        });
    }

    [Test]
    public async Task Readyz_AnotherSourcesFailingCheck_Is503WithItsReason()
    {
        _host.Reconciler.Apply(Model.ModelContext.Empty);
        _host.Checks.Add(new ReadinessStub("kubernetes", false, "initial list not done"));
        _host.Checks.Add(new ReadinessStub("manifests", true, null));

        var (status, ready, checks) = await ReadyzAsync();

        Assert.That((status, ready, checks), Is.EqualTo((HttpStatusCode.ServiceUnavailable, "not ready",
            new[] { "snapshots ok", "kubernetes failing initial list not done", "manifests ok" })));
    }

    [Test]
    public async Task Readyz_ANonGatingCheckFailing_IsReady200_AndShowsItDegraded()
    {
        _host.Reconciler.Apply(Model.ModelContext.Empty);
        _host.Checks.Add(new ReadinessStub("policy-store", false, "database is locked", gates: false));

        var (status, ready, checks) = await ReadyzAsync();

        Assert.That((status, ready, checks), Is.EqualTo((HttpStatusCode.OK, "ready", new[] { "snapshots ok", "policy-store degraded database is locked" })));
    }
}
