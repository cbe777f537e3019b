using System.Text;
using FsCheck;
using FsCheck.Fluent;
using XdsControlPlane.Model.Policies;
using XdsControlPlane.Sources.Policies;
using XdsControlPlane.Testing.Fuzzing;

namespace XdsControlPlane.Sources.Tests.Fuzz;

/// <summary>
/// Fuzzing the policy JSON reader behind <c>POST</c>/<c>PUT /api/v1/policies</c> (<see cref="PolicyDocument.Parse"/>) and
/// the store's read-back of what it wrote (<see cref="PolicyDocument.FromRecord"/>): any body gives a policy or errors,
/// never an exception, and a policy that was accepted maps back from its stored spec to the same record.
/// </summary>
[Category("Fuzz")]
public sealed class PolicyFuzzTests
{
    private static readonly string[] _tokens =
    [
        "{", "}", "[", "]", ",", ":", "\"", "\\u0000", "\\ud800", "null", "true", "1e999", "-", "0.5", "/*c*/", "//\n",
        "\"spec\":", "\"targetRef\":", "\"retry\":", "\"attempts\":", "\"metadata\":", "\"name\":", "\"namespace\":",
        "\"kind\":\"Service\"", "\"1s\"", "\"-1ms\"", "\"99999999h\"", "[\"5xx\"]", "{\"name\":\"x\"}", "\uFEFF",
    ];

    [Test]
    public void MutatedPolicyBodies_ParseToAPolicyOrErrors_AndAcceptedOnesReadBackTheSame()
    {
        var fuzzer = MutationFuzzer.FromEnvironment(MutationFuzzer.LoadCorpus(ManifestFuzzTests.Corpus("policies")), _tokens, iterations: 3_000,
            budget: TimeSpan.FromSeconds(10), findings: Path.Combine(TestContext.CurrentContext.WorkDirectory, "fuzz-findings", "policies"));

        var report = fuzzer.Run(input =>
        {
            var body = Encoding.UTF8.GetString(input);
            RoundTrip(PolicyDocument.Parse(body));
            RoundTrip(PolicyDocument.Parse(body, "default", "p"));
        });

        Assert.That(report.Findings, Is.Empty, report.ToString());
        TestContext.Out.WriteLine($"{report.Runs} inputs");
    }

    [Test]
    public void GeneratedPolicies_ParseToAPolicyOrErrors_AndAcceptedOnesReadBackTheSame() =>
        Prop.ForAll(Bodies().ToArbitrary(), body =>
        {
            RoundTrip(PolicyDocument.Parse(body));
            return true;
        }).QuickCheckThrowOnFailure();

    // What the store keeps (the spec as compact JSON) must map to the policy the API accepted.
    private static void RoundTrip((ParsedPolicy? Policy, IReadOnlyList<Model.ModelError> Errors) parsed)
    {
        if (parsed.Policy is not { } policy)
        {
            return;
        }

        var stored = PolicyDocument.FromRecord(policy.Namespace, policy.Name, policy.Model.Generation, policy.SpecJson);
        if (stored.Value is not PolicyModel model || model != policy.Model)
        {
            throw new InvalidOperationException($"accepted policy {policy.Namespace}/{policy.Name} reads back differently from {policy.SpecJson}: "
                + string.Join("; ", stored.Errors));
        }
    }

    // Policy bodies from the spec's vocabulary: real sections with values that are sometimes right, sometimes not.
    private static Gen<string> Bodies()
    {
        var duration = Gen.Elements("\"1s\"", "\"250ms\"", "\"1h30m\"", "\"0s\"", "\"-1s\"", "\"1.5s\"", "10", "\"\"", "null");
        var number = Gen.Elements("0", "1", "3", "100", "-1", "1000001", "2.5", "\"3\"", "null", "1e3");
        var text = Gen.Elements("\"x-user\"", "\"\"", "\"5xx\"", "\"unavailable\"", "\"RingHash\"", "\"Deny\"", "\"HTTP\"", "\"10.0.0.0/8\"", "\"spiffe://a/ns/b/sa/c\"");
        var value = Gen.OneOf(duration, number, text, Gen.Constant("true"), Gen.Constant("[]"), Gen.Constant("{}"));
        var fields = Gen.Elements("attempts", "perTryTimeout", "on", "request", "idle", "maxConnections", "consecutive5xx", "interval", "type",
            "path", "hashOn", "connectTimeout", "requests", "per", "burst", "allowOrigins", "maxAge", "action", "rules", "percent", "httpStatus", "mode");
        var section = Gen.Zip(fields.ListOf(3), value.ListOf(3)).Select(fv =>
            "{" + string.Join(",", fv.Item1.Distinct().Zip(fv.Item2).Select(p => $"\"{p.First}\":{p.Second}")) + "}");
        var sections = Gen.Elements("retry", "timeout", "circuitBreaker", "outlierDetection", "healthCheck", "loadBalancer", "connection", "rateLimit",
            "cors", "rbac", "fault", "tls", "bogus");
        var spec = Gen.Zip(sections.ListOf(3), section.ListOf(3)).Select(ss =>
            string.Concat(ss.Item1.Distinct().Zip(ss.Item2).Select(p => $",\"{p.First}\":{p.Second}")));
        var target = Gen.Elements("{\"kind\":\"Service\",\"name\":\"echo\"}", "{\"kind\":\"HTTPRoute\",\"name\":\"r\",\"sectionName\":\"a\"}", "{\"kind\":\"Pod\",\"name\":\"\"}");
        return Gen.Zip(target, spec).Select(ts =>
            $"{{\"metadata\":{{\"name\":\"p\",\"namespace\":\"default\"}},\"spec\":{{\"targetRef\":{ts.Item1}{ts.Item2}}}}}");
    }
}
