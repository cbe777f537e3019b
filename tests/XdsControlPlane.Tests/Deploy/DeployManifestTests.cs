using YamlDotNet.RepresentationModel;

namespace XdsControlPlane.Tests.Deploy;

/// <summary>
/// The shipped <c>deploy/</c> manifests (no cluster runs here, so what is checked is what the files say): every file
/// parses, kustomization.yaml lists every manifest, and the Deployment serves xDS over mutual TLS with the
/// certificate cert-manager writes, takes its admin token from a Secret, and is covered by the NetworkPolicy.
/// </summary>
public sealed class DeployManifestTests
{
    private const string MountPath = "/etc/xds-control-plane/tls";

    private static readonly string s_deploy = Path.Combine(RepositoryRoot(), "deploy");

    [Test]
    public void EveryYamlFileParses_AndEveryKubernetesObjectHasKindAndName()
    {
        var files = Directory.GetFiles(s_deploy, "*.yaml", SearchOption.AllDirectories);
        var problems = new List<string>();
        foreach (var file in files)
        {
            foreach (var document in Documents(file))
            {
                // kustomization.yaml is kustomize's own file, not an object the API server keeps: it has no name.
                if (Scalar(document, "apiVersion") is not null && Scalar(document, "kind") != "Kustomization"
                    && (Scalar(document, "kind") is null || Scalar(document, "metadata", "name") is null))
                {
                    problems.Add($"{Path.GetRelativePath(s_deploy, file)}: an object without kind or metadata.name");
                }
            }
        }

        Assert.That(files, Has.Length.GreaterThanOrEqualTo(10));
        Assert.That(problems, Is.Empty);
    }

    [Test]
    public void KustomizationListsEveryManifestOfTheFolder()
    {
        var listed = Sequence(Documents(Path.Combine(s_deploy, "kustomization.yaml")).Single(), "resources").Select(n => n.ToString()).Order().ToArray();
        var present = Directory.GetFiles(s_deploy, "*.yaml").Select(Path.GetFileName).Where(f => f != "kustomization.yaml").Order().ToArray();

        Assert.That(listed, Is.EqualTo(present));
        Assert.That(listed, Does.Contain("certificates.yaml").And.Contain("networkpolicy.yaml"));
    }

    [Test]
    public void DeploymentServesMutualTlsWithTheCertificateCertManagerWrites()
    {
        var container = Container();
        var args = Sequence(container, "args").Select(n => n.ToString()).ToList();
        var certificate = Objects("certificates.yaml").Single(o => Scalar(o, "kind") == "Certificate" && Scalar(o, "metadata", "namespace") == "xds-control-plane");
        var mount = Sequence(container, "volumeMounts").Cast<YamlMappingNode>().Single(m => Scalar(m, "mountPath") == MountPath);
        var volume = Sequence(Template(), "volumes").Cast<YamlMappingNode>().Single(v => Scalar(v, "name") == Scalar(mount, "name"));

        // The keys cert-manager writes into the Secret: tls.crt, tls.key and ca.crt (the issuing CA, here the client CA).
        Assert.That(Flag(args, "--tls-cert"), Is.EqualTo($"{MountPath}/tls.crt"));
        Assert.That(Flag(args, "--tls-key"), Is.EqualTo($"{MountPath}/tls.key"));
        Assert.That(Flag(args, "--client-ca"), Is.EqualTo($"{MountPath}/ca.crt"));
        Assert.That(Scalar(volume, "secret", "secretName"), Is.EqualTo(Scalar(certificate, "spec", "secretName")));
        Assert.That(Sequence(certificate, "spec", "dnsNames").Select(n => n.ToString()), Does.Contain("xds-control-plane.xds-control-plane.svc"));
        Assert.That(args, Does.Not.Contain("--allow-plaintext-secrets"));
    }

    [Test]
    public void DeploymentTakesTheAdminTokenFromASecret()
    {
        var token = Sequence(Container(), "env").Cast<YamlMappingNode>().Single(e => Scalar(e, "name") == "XDS_Admin__Token");

        Assert.That(Scalar(token, "valueFrom", "secretKeyRef", "name"), Is.EqualTo("xds-control-plane-admin"));
        Assert.That(Scalar(token, "valueFrom", "secretKeyRef", "key"), Is.EqualTo("token"));
        Assert.That(Scalar(token, "value"), Is.Null, "never a token written in the manifest");
    }

    [Test]
    public void NetworkPolicySelectsTheDeploymentsPods_AndOpensTheAdminPortOnlyToChosenPods()
    {
        var policy = Objects("networkpolicy.yaml").Single();
        var selector = (YamlMappingNode)Node(policy, "spec", "podSelector", "matchLabels")!;
        var labels = (YamlMappingNode)Node(Deployment(), "spec", "template", "metadata", "labels")!;
        var rules = Sequence(policy, "spec", "ingress").Cast<YamlMappingNode>().ToList();
        var admin = rules.Single(r => Sequence(r, "ports").Cast<YamlMappingNode>().Any(p => Scalar(p, "port") == "admin"));

        Assert.That(selector.Children.All(l => labels.Children.TryGetValue(l.Key, out var v) && v.ToString() == l.Value.ToString()), Is.True);
        Assert.That(rules.Any(r => Sequence(r, "ports").Cast<YamlMappingNode>().Any(p => Scalar(p, "port") == "xds")), Is.True);
        Assert.That(Sequence(admin, "from"), Is.Not.Empty, "the admin port is not open to every pod");
    }

    private static YamlMappingNode Container() =>
        Sequence(Template(), "containers").Cast<YamlMappingNode>().Single(c => Scalar(c, "name") == "server");

    private static YamlMappingNode Deployment() => Objects("deployment.yaml").Single(o => Scalar(o, "kind") == "Deployment");

    /// <summary>The Deployment's pod spec.</summary>
    private static YamlMappingNode Template() => (YamlMappingNode)Node(Deployment(), "spec", "template", "spec")!;

    private static string? Flag(List<string> args, string flag)
    {
        var at = args.IndexOf(flag);
        return at >= 0 && at + 1 < args.Count ? args[at + 1] : null;
    }

    private static IEnumerable<YamlMappingNode> Objects(string file) => Documents(Path.Combine(s_deploy, file));

    private static List<YamlMappingNode> Documents(string path)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(path));
        stream.Load(reader);
        return [.. stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>()];
    }

    private static YamlNode? Node(YamlMappingNode root, params string[] path)
    {
        YamlNode? node = root;
        foreach (var key in path)
        {
            node = node is YamlMappingNode map && map.Children.TryGetValue(key, out var child) ? child : null;
        }

        return node;
    }

    private static string? Scalar(YamlMappingNode root, params string[] path) => (Node(root, path) as YamlScalarNode)?.Value;

    private static IEnumerable<YamlNode> Sequence(YamlMappingNode root, params string[] path) =>
        Node(root, path) as YamlSequenceNode ?? throw new AssertionException($"no list at {string.Join('.', path)}");

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "XdsControlPlane.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("XdsControlPlane.sln not found above the test directory");
    }
}
