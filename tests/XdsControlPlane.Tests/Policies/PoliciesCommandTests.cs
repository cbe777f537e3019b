using System.Text.Json.Nodes;
using XdsControlPlane.Cli;

namespace XdsControlPlane.Tests.Policies;

/// <summary><c>XdsControlPlane policies ...</c> against a running (in-process) server.</summary>
public sealed class PoliciesCommandTests : PolicyApiFixture
{
    private const string TwoPolicies = """
        apiVersion: xds.controlplane.io/v1alpha1
        kind: XdsPolicy
        metadata: {name: retry, namespace: default}
        spec:
          targetRef: {kind: Service, name: echo}
          retry: {attempts: 3, on: [unavailable], perTryTimeout: 1s}
        ---
        apiVersion: xds.controlplane.io/v1alpha1
        kind: XdsPolicy
        metadata: {name: timeout, namespace: default}
        spec:
          targetRef: {kind: Service, name: echo, sectionName: grpc}
          timeout: {request: 2s}
        """;

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CommandLine.RunAsync([.. args, "--server", Server.Address.ToString()], output, error);
        return (code, output.ToString(), error.ToString());
    }

    private async Task<string> FileAsync(string name, string text)
    {
        var path = Path.Combine(Dir, name);
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    [Test]
    public async Task Apply_Creates_ThenConfiguresWhatChanged_AndLeavesTheRestUnchanged()
    {
        var file = await FileAsync("policies.yaml", TwoPolicies);

        var first = await RunAsync("policies", "apply", "-f", file);
        await File.WriteAllTextAsync(file, TwoPolicies.Replace("request: 2s", "request: 5s", StringComparison.Ordinal));
        var second = await RunAsync("policies", "apply", "-f", file, "--actor", "ci");

        Assert.That(first, Is.EqualTo((0, "xdspolicy default/retry created (revision 1)\nxdspolicy default/timeout created (revision 1)\n", "")));
        Assert.That(second, Is.EqualTo((0, "xdspolicy default/retry unchanged (revision 1)\nxdspolicy default/timeout configured (revision 2)\n", "")));
        var stored = await Server.Store.GetAsync("default", "timeout");
        Assert.That(stored!.UpdatedBy, Is.EqualTo("ci"));
        Assert.That(stored.Spec, Is.EqualTo("""{"targetRef":{"kind":"Service","name":"echo","sectionName":"grpc"},"timeout":{"request":"5s"}}"""));
    }

    [Test]
    public async Task Get_WithNothingToList_SaysSoOnStderr_InsteadOfABareHeader()
    {
        var empty = await RunAsync("policies", "get");
        await RunAsync("policies", "apply", "-f", await FileAsync("policies.yaml", TwoPolicies));
        var none = await RunAsync("policies", "get", "--kind", "cors");
        var json = await RunAsync("policies", "get", "--kind", "cors", "-o", "json");

        Assert.That(empty, Is.EqualTo((0, "", "no policies\n")));
        Assert.That(none, Is.EqualTo((0, "", "no policies match\n")));
        Assert.That(JsonNode.Parse(json.Output)!["items"]!.AsArray(), Is.Empty, "json output is unchanged: an empty list");
    }

    [Test]
    public async Task Apply_SendsTheUserNameAsActor_WhenNoneIsGiven()
    {
        var file = await FileAsync("policies.yaml", TwoPolicies);

        await RunAsync("policies", "apply", "-f", file);

        Assert.That((await Server.Store.GetAsync("default", "retry"))!.CreatedBy, Is.EqualTo(Environment.UserName));
    }

    [Test]
    public async Task Apply_OfAnInvalidPolicy_PrintsEveryFieldError_AndFails()
    {
        var file = await FileAsync("bad.yaml", """
            apiVersion: xds.controlplane.io/v1alpha1
            kind: XdsPolicy
            metadata: {name: bad, namespace: default}
            spec:
              targetRef: {kind: Service, name: echo}
              retry: {attempts: 0, perTryTimeout: soon}
              timeuot: {request: 1s}
            """);

        var (code, output, error) = await RunAsync("policies", "apply", "-f", file);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.StartWith("xdspolicy default/bad: 400 invalid policy default/bad")
            .And.Contain("\n  spec.retry.perTryTimeout: ").And.Contain("\n  spec.timeuot: unknown field"));
    }

    [Test]
    public async Task Apply_OfAJsonFile_Works()
    {
        var file = await FileAsync("policy.json", Policy("from-json"));

        var (code, output, _) = await RunAsync("policies", "apply", "-f", file);

        Assert.That((code, output), Is.EqualTo((0, "xdspolicy default/from-json created (revision 1)\n")));
    }

    [Test]
    public async Task Get_PrintsATable_Json_AndYamlThatAppliesBackUnchanged()
    {
        await RunAsync("policies", "apply", "-f", await FileAsync("policies.yaml", TwoPolicies));

        var table = await RunAsync("policies", "get");
        var json = await RunAsync("policies", "get", "default/retry", "-o", "json");
        var filtered = await RunAsync("policies", "get", "--kind", "timeout");
        var yaml = await RunAsync("policies", "get", "-o", "yaml");
        var reapplied = await RunAsync("policies", "apply", "-f", await FileAsync("exported.yaml", yaml.Output));

        var rows = table.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(rows[0], Does.StartWith("NAMESPACE  NAME     TARGET"));
        Assert.That(rows[1], Does.StartWith("default    retry    Service/default/echo       retry     1         "));
        Assert.That(rows[2], Does.StartWith("default    timeout  Service/default/echo:grpc  timeout   1         "));
        Assert.That((long?)JsonNode.Parse(json.Output)!["metadata"]!["revision"], Is.EqualTo(1));
        Assert.That(filtered.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(2).And.Some.Contains("timeout"));
        Assert.That(yaml.Output, Does.Contain("kind: XdsPolicyList").And.Contain("attempts: 3"));
        Assert.That(reapplied, Is.EqualTo((0, "xdspolicy default/retry unchanged (revision 1)\nxdspolicy default/timeout unchanged (revision 1)\n", "")));
    }

    [Test]
    public async Task Delete_RemovesThePolicy_AndHistoryShowsWhoDidWhat()
    {
        await RunAsync("policies", "apply", "-f", await FileAsync("policies.yaml", TwoPolicies), "--actor", "alice");

        var stale = await RunAsync("policies", "delete", "default/retry", "--revision", "9");
        var deleted = await RunAsync("policies", "delete", "default/retry", "--actor", "bob");
        var history = await RunAsync("policies", "history", "default/retry");
        var missing = await RunAsync("policies", "get", "default/retry");

        Assert.That(stale.Code, Is.EqualTo(1));
        Assert.That(stale.Error, Does.StartWith("409"));
        Assert.That(deleted, Is.EqualTo((0, "xdspolicy default/retry deleted\n", "")));
        var rows = history.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(rows.Select(r => string.Join(' ', r.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(3))),
            Is.EqualTo(new[] { "REVISION ACTION ACTOR", "1 Created alice", "2 Deleted bob" }));
        Assert.That(missing.Code, Is.EqualTo(1));
        Assert.That(missing.Error, Does.StartWith("404"));
    }

    [TestCase("policies")]
    [TestCase("policies", "delete")]
    [TestCase("policies", "get", "no-slash")]
    public async Task BadUsage_Exits2(params string[] args)
    {
        var (code, _, error) = await RunAsync(args);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Is.Not.Empty);
    }
}
