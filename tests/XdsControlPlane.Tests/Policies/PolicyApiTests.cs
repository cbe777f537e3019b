using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using XdsControlPlane.Model;

namespace XdsControlPlane.Tests.Policies;

/// <summary>Contract of <c>/api/v1/policies</c>: status codes, ETags, error bodies, filters, history, and that changes reach the compiled model.</summary>
public sealed class PolicyApiTests : PolicyApiFixture
{
    [Test]
    public async Task Create_Returns201WithETagAndLocation_AndGetReturnsTheManifestShapedResource()
    {
        using var created = await CreateAsync(Policy("retry"), actor: "alice");
        using var got = await Server.Http.GetAsync("api/v1/policies/default/retry");
        var body = await JsonAsync(got);

        Assert.Multiple(() =>
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(ETag(created), Is.EqualTo("\"1\""));
            Assert.That(created.Headers.Location?.ToString(), Is.EqualTo("/api/v1/policies/default/retry"));
            Assert.That(got.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(ETag(got), Is.EqualTo("\"1\""));
            Assert.That((string?)body["apiVersion"], Is.EqualTo("xds.controlplane.io/v1alpha1"));
            Assert.That((string?)body["kind"], Is.EqualTo("XdsPolicy"));
            Assert.That((long?)body["metadata"]!["revision"], Is.EqualTo(1));
            Assert.That((string?)body["metadata"]!["createdBy"], Is.EqualTo("alice"));
            Assert.That((string?)body["metadata"]!["createdAt"], Is.Not.Empty);
            Assert.That(body["spec"]!.ToJsonString(), Is.EqualTo("""{"targetRef":{"kind":"Service","name":"echo"},"retry":{"attempts":3,"on":["unavailable"]}}"""));
        });
    }

    [Test]
    public async Task AnInvalidSpec_Returns400ListingEveryFieldError()
    {
        using var response = await CreateAsync(Policy("bad", "\"retry\": {\"attempts\": 0, \"perTryTimeout\": \"soon\"}, \"fault\": {\"abort\": {\"percent\": 200}}, \"timeuot\": {}"));
        var body = await JsonAsync(response);
        var fields = body["fields"]!.AsArray().Select(f => (string?)f!["field"]).ToList();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string?)body["error"], Is.EqualTo("invalid policy default/bad"));
        Assert.That(fields, Is.SupersetOf(new[] { "spec.retry.perTryTimeout", "spec.timeuot" }), body.ToJsonString());
        Assert.That(body["fields"]!.AsArray().Select(f => (string?)f!["message"]), Has.All.Not.Empty);
    }

    [Test]
    public async Task RangeErrors_AreAllListedToo()
    {
        using var response = await CreateAsync(Policy("bad", "\"retry\": {\"attempts\": 0}, \"fault\": {\"abort\": {\"percent\": 200, \"grpcStatus\": 99}}"));
        var body = await JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body["fields"]!.AsArray().Select(f => (string?)f!["field"]),
            Is.SupersetOf(new[] { "spec.retry.attempts", "spec.fault.abort.percent", "spec.fault.abort.grpcStatus" }), body.ToJsonString());
    }

    [Test]
    public async Task MalformedJson_Returns400WithThePosition()
    {
        using var response = await CreateAsync("{\"metadata\": {\"name\": \"x\"},\n \"spec\": [");
        var body = await JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string?)body["fields"]![0]!["message"], Does.StartWith("invalid JSON at line 2"));
    }

    [Test]
    public async Task ALoneSurrogateEscape_Returns400_NotAServerError()
    {
        // Found by fuzzing the policy reader (Sources.Tests FuzzFindingsTests, finding 1): this body used to answer 500.
        using var response = await CreateAsync("{\"metadata\": {\"name\": \"x\"}, \"spec\": {\"targetRef\": {\"kind\": \"Service\", \"name\": \"\\ud800\"}}}");
        var body = await JsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string?)body["fields"]![0]!["message"], Does.Contain("not valid UTF-16"));
    }

    [TestCase("GET", "api/v1/policies/default/nope")]
    [TestCase("GET", "api/v1/policies/default/nope/history")]
    [TestCase("DELETE", "api/v1/policies/default/nope")]
    [TestCase("PUT", "api/v1/policies/default/nope")]
    public async Task AnUnknownPolicy_Returns404(string method, string path)
    {
        using var response = await SendAsync(new HttpMethod(method), path, method == "PUT" ? Policy("nope") : null, ifMatch: method == "PUT" ? "\"1\"" : null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((string?)(await JsonAsync(response))["error"], Does.Contain("default/nope"));
    }

    [Test]
    public async Task Put_WithoutIfMatch_Returns428()
    {
        (await CreateAsync(Policy("p"))).Dispose();

        using var response = await SendAsync(HttpMethod.Put, "api/v1/policies/default/p", Policy("p", "\"timeout\": {\"request\": \"2s\"}"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.PreconditionRequired));
    }

    [Test]
    public async Task Put_WithTheCurrentETag_Replaces_AndAStaleETagReturns409()
    {
        (await CreateAsync(Policy("p"))).Dispose();

        using var replaced = await SendAsync(HttpMethod.Put, "api/v1/policies/default/p", Policy("p", "\"timeout\": {\"request\": \"2s\"}"), ifMatch: "\"1\"", actor: "bob");
        using var stale = await SendAsync(HttpMethod.Put, "api/v1/policies/default/p", Policy("p", "\"timeout\": {\"request\": \"3s\"}"), ifMatch: "\"1\"");

        Assert.Multiple(async () =>
        {
            Assert.That(replaced.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(ETag(replaced), Is.EqualTo("\"2\""));
            Assert.That((string?)(await JsonAsync(replaced))["metadata"]!["updatedBy"], Is.EqualTo("bob"));
            Assert.That(stale.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That((string?)(await JsonAsync(stale))["error"], Does.Contain("stale"));
        });
    }

    [Test]
    public async Task Put_WhoseBodyNamesAnotherPolicy_Returns400()
    {
        (await CreateAsync(Policy("p"))).Dispose();

        using var response = await SendAsync(HttpMethod.Put, "api/v1/policies/default/p", Policy("q"), ifMatch: "\"1\"");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await JsonAsync(response))["fields"]!.AsArray().Select(f => (string?)f!["field"]), Does.Contain("metadata.name"));
    }

    [Test]
    public async Task CreatingAPolicyThatExists_Returns409()
    {
        (await CreateAsync(Policy("p"))).Dispose();

        using var again = await CreateAsync(Policy("p"));

        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }

    [Test]
    public async Task Delete_HonoursIfMatch_AndLeavesTheHistory()
    {
        (await CreateAsync(Policy("p"), actor: "alice")).Dispose();

        using var stale = await SendAsync(HttpMethod.Delete, "api/v1/policies/default/p", ifMatch: "\"5\"");
        using var deleted = await SendAsync(HttpMethod.Delete, "api/v1/policies/default/p", ifMatch: "\"1\"", actor: "bob");
        using var gone = await Server.Http.GetAsync("api/v1/policies/default/p");
        using var history = await Server.Http.GetAsync("api/v1/policies/default/p/history");
        var changes = (await JsonAsync(history))["changes"]!.AsArray();

        Assert.That(new[] { stale.StatusCode, deleted.StatusCode, gone.StatusCode },
            Is.EqualTo(new[] { HttpStatusCode.Conflict, HttpStatusCode.NoContent, HttpStatusCode.NotFound }));
        Assert.That(changes.Select(c => ((string?)c!["action"], (string?)c["actor"])), Is.EqualTo(new[] { ("Created", "alice"), ("Deleted", "bob") }));
    }

    [Test]
    public async Task List_FiltersByKindAndTarget()
    {
        (await CreateAsync(Policy("a"))).Dispose();
        (await CreateAsync(Policy("b", "\"timeout\": {\"request\": \"1s\"}"))).Dispose();
        (await CreateAsync(Policy("c", "\"timeout\": {\"request\": \"1s\"}", target: "other"))).Dispose();

        async Task<string[]> NamesAsync(string query)
        {
            using var response = await Server.Http.GetAsync("api/v1/policies" + query);
            var body = await JsonAsync(response);
            Assert.That((string?)body["kind"], Is.EqualTo("XdsPolicyList"));
            return [.. body["items"]!.AsArray().Select(i => (string)i!["metadata"]!["name"]!)];
        }

        Assert.That(await NamesAsync(""), Is.EqualTo(new[] { "a", "b", "c" }));
        Assert.That(await NamesAsync("?kind=timeout"), Is.EqualTo(new[] { "b", "c" }));
        Assert.That(await NamesAsync("?kind=timeout&targetKind=Service&targetNamespace=default&targetName=echo"), Is.EqualTo(new[] { "b" }));
        Assert.That(await NamesAsync("?targetName=nothing"), Is.Empty);
    }

    [Test]
    public async Task EveryChange_ReachesTheCompiledModel()
    {
        (await CreateAsync(Policy("p"))).Dispose();
        await UntilAsync(() => Server.Reconciler.Model?.Policies.Any(p => p.Ref.Name == "p") == true, "the created policy in the compiled model");

        (await SendAsync(HttpMethod.Put, "api/v1/policies/default/p", Policy("p", "\"timeout\": {\"request\": \"7s\"}"), ifMatch: "\"1\"")).Dispose();
        await UntilAsync(() => Server.Reconciler.Model?.Policies.SingleOrDefault()?.Spec.Timeout?.Request == TimeSpan.FromSeconds(7), "the replaced spec");

        (await SendAsync(HttpMethod.Delete, "api/v1/policies/default/p")).Dispose();
        await UntilAsync(() => Server.Reconciler.Model?.Policies.Count == 0, "the deletion");
    }

    [Test]
    public async Task ALockedDatabase_Returns503_StaysReadyServingTheLastGoodPolicies_ThenRecovers()
    {
        (await CreateAsync(Policy("kept"))).Dispose();
        await UntilAsync(() => Server.Reconciler.Model?.Policies.Count == 1, "the first policy");

        using (var locker = new SqliteConnection($"Data Source={Path.Combine(Dir, "policies.db")};Pooling=False"))
        {
            locker.Open();
            using (var begin = locker.CreateCommand())
            {
                begin.CommandText = "BEGIN EXCLUSIVE";
                begin.ExecuteNonQuery();
            }

            using var write = await CreateAsync(Policy("blocked"));
            using var list = await Server.Http.GetAsync("api/v1/policies");
            using var ready = await Server.Http.GetAsync("readyz");
            using var errors = await Server.Http.GetAsync("api/v1/errors");

            Assert.Multiple(async () =>
            {
                Assert.That(write.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
                Assert.That((string?)(await JsonAsync(write))["error"], Does.Contain("locked"));
                Assert.That(list.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
                Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK), "readiness means serving xDS (issue 10 D10)");
                Assert.That(await ready.Content.ReadAsStringAsync(), Does.Contain("policy store").And.Contain("locked").And.Contain("\"degraded\""));
                Assert.That(Server.Reconciler.Model!.Policies.Select(p => p.Ref.Name), Is.EqualTo(new[] { "kept" }), "the last good policies are served");
            });
            await UntilAsync(() => Server.Reconciler.Errors.Any(e => e.Reason == "StoreUnavailable"), "the fault in /api/v1/errors");

            using var rollback = locker.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
        }

        await UntilAsync(() => Server.Store.Fault is null, "recovery");
        using var readyAgain = await Server.Http.GetAsync("readyz");
        using var created = await CreateAsync(Policy("after"));
        Assert.That(readyAgain.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task AcceptedPolicies_AreServedAfterARestart()
    {
        (await CreateAsync(Policy("p"))).Dispose();
        await Server.DisposeAsync();

        var restarted = await PolicyApiHost.StartAsync(Dir);
        try
        {
            using var got = await restarted.Http.GetAsync("api/v1/policies/default/p");
            Assert.That(got.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(restarted.Reconciler.Model!.Policies.Select(p => p.Ref), Is.EqualTo(new[] { new ObjectRef("XdsPolicy", "default", "p") }),
                "the first compiled model already has the stored policy");
        }
        finally
        {
            await restarted.DisposeAsync();
            Server = await PolicyApiHost.StartAsync(Dir);
        }
    }
}
