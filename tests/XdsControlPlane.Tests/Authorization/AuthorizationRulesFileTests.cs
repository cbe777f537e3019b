using XdsControlPlane.Authorization;
using XdsControlPlane.Xds.Protocol.Authorization;

namespace XdsControlPlane.Tests.Authorization;

/// <summary>The declared rule set: read like other input, every error with its file, line and field.</summary>
public sealed class AuthorizationRulesFileTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("xds-authz-rules-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void ValidFile_GivesTheRulesInOrder()
    {
        var path = Write("""
            defaultRule: false
            rules:
            - name: ingress-edge
              identities: ["spiffe://cluster.local/ns/ingress/sa/*"]
              profiles: ["gateway/edge/*", "gateway/{namespace}/*"]
            - name: no-canary
              identities: ["spiffe://cluster.local/ns/*/sa/*"]
              profiles: [canary]
              action: Deny
            - name: status
              identities: ["spiffe://cluster.local/ns/ops/sa/xds-status"]
              readFleet: true
            """);

        var (rules, defaultRule) = AuthorizationRulesFile.Load(path, out var errors);

        Assert.That(errors, Is.Empty);
        Assert.That(defaultRule, Is.False);
        Assert.That(rules.Select(r => (r.Name, r.Deny, r.ReadFleet, string.Join(",", r.Profiles))), Is.EqualTo(new[]
        {
            ("ingress-edge", false, false, "gateway/edge/*,gateway/{namespace}/*"),
            ("no-canary", true, false, "canary"),
            ("status", false, true, string.Empty),
        }));
    }

    [Test]
    public void InvalidFile_ReportsEveryErrorWithLineAndField()
    {
        var path = Write("""
            rules:
            - name: a
              identities: ["https://cluster.local/ns/a/sa/b"]
              profiles: ["gateway/a/*"]
            - name: a
              identities: ["spiffe://td/ns/a/sa/b"]
              profiles: ["gate way", "x/{name}"]
              action: Maybe
              redFleet: true
            - identities: []
            """);

        AuthorizationRulesFile.Load(path, out var errors);

        Assert.That(errors, Is.EqualTo(new[]
        {
            $"{path}:3: rules[0].identities[0]: 'https://cluster.local/ns/a/sa/b' is not a SPIFFE ID pattern (spiffe://<trust-domain>/<path>, '*' within a segment)",
            $"{path}:9: rules[1].redFleet: unknown field; expected one of name, identities, profiles, action, readFleet",
            $"{path}:5: rules[1].name: 'a' names an earlier rule too; names must be unique",
            $"{path}:7: rules[1].profiles[0]: 'gate way' is not a profile pattern (no spaces; '*' within a segment; '{{namespace}}' the identity's namespace)",
            $"{path}:7: rules[1].profiles[1]: 'x/{{name}}' is not a profile pattern (no spaces; '*' within a segment; '{{namespace}}' the identity's namespace)",
            $"{path}:8: rules[1].action: must be Allow or Deny, not 'Maybe'",
            $"{path}:10: rules[2].name: is required",
            $"{path}:10: rules[2].identities: is required: at least one SPIFFE ID pattern",
            $"{path}:10: rules[2]: a rule needs 'profiles', 'readFleet: true', or both",
        }));
    }

    [Test]
    public void UnparsableFile_NamesTheLine()
    {
        var path = Write("rules:\n- name: [\n");

        AuthorizationRulesFile.Load(path, out var errors);

        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0], Does.StartWith($"{path}:"));
    }

    [Test]
    public void Wiring_RefusesToStartOnAnInvalidFile_AndAppliesAValidOne()
    {
        using var output = new StringWriter();
        var bad = Write("rules: 3\n");
        var good = Write("rules:\n- {name: edge, identities: ['spiffe://td/ns/a/sa/*'], profiles: ['gateway/edge/*']}\n");

        var refused = AuthorizationWiring.Create(new Xds.Transport.GrpcServerOptions { ClientCaPath = "ca.pem", AuthorizationRules = bad }, output);
        var applied = AuthorizationWiring.Create(new Xds.Transport.GrpcServerOptions { ClientCaPath = "ca.pem", AuthorizationRules = good }, output);

        Assert.That(refused, Is.Null);
        Assert.That(output.ToString(), Does.Contain($"{bad}:1: rules: must be a list of rules, not a scalar"));
        Assert.That(applied!.Authorize(ClientIdentity.Parse("spiffe://td/ns/a/sa/x"), "gateway/edge/e"), Is.Null);
    }

    private string Write(string text)
    {
        var path = Path.Combine(_directory, $"{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, text);
        return path;
    }
}
