using k8s;
using XdsControlPlane.Sources.Kubernetes.Api;
using XdsControlPlane.Testing.Kubernetes;

namespace XdsControlPlane.Sources.Tests.Kubernetes.Api;

/// <summary>
/// Finding and reading the cluster's configuration (kubeconfig files, merged as kubectl merges them, or in-cluster),
/// checked by what reaches the simulated API server: the token sent, the CA trusted.
/// </summary>
public sealed class ClusterConfigTests : HttpsClusterFixture
{
    [Test]
    public async Task Kubeconfig_TheCurrentContextsClusterAndUser_AreUsed_WithItsNamespace()
    {
        var path = Write("config", $$"""
            current-context: second
            contexts:
            - name: first
              context: {cluster: other, user: first}
            - name: second
              context: {cluster: sim, user: second, namespace: team}
            clusters:
            - name: other
              cluster: {server: "https://other.example:6443"}
            - name: sim
              cluster: {server: "{{Https}}", certificate-authority-data: {{Certificates.CaData}}}
            users:
            - name: first
              user: {token: wrong}
            - name: second
              user: {token: right}
            """);

        var config = ClusterConfig.Resolve(path, NoEnvironment);

        Assert.That((config.CurrentContext, config.Namespace), Is.EqualTo(("second", "team")));
        Assert.That(await AuthorizationAsync(config), Is.EqualTo("Bearer right"));
    }

    [Test]
    public async Task Kubeconfig_TokenFileRelativeToTheKubeconfig_IsSent_InsteadOfAToken()
    {
        Write("secrets/token", "from-file\n");
        Write("ca.crt", Certificates.Ca.ExportCertificatePem());
        var path = Write("config", $$"""
            current-context: c
            contexts: [{name: c, context: {cluster: k, user: u} }]
            clusters:
            - name: k
              cluster: {server: "{{Https}}", certificate-authority: ca.crt}
            users:
            - name: u
              user: {token: inline, tokenFile: secrets/token}
            """);

        Assert.That(await AuthorizationAsync(ClusterConfig.Resolve(path, NoEnvironment)), Is.EqualTo("Bearer from-file"));
    }

    [Test]
    public async Task KubeconfigList_IsMergedAsKubectlMergesIt_FirstEntryOfANameWins_PathsRelativeToTheirOwnFile_MissingFilesSkipped()
    {
        // The first file names the context (defined only in the second) and a user the second defines too.
        var first = Write("one/config", """
            current-context: sim
            users:
            - name: shared
              user: {token: from-first}
            """);
        Write("two/ca.crt", Certificates.Ca.ExportCertificatePem());
        var second = Write("two/config", $$"""
            current-context: elsewhere
            contexts: [{name: sim, context: {cluster: sim, user: shared} }]
            clusters:
            - name: sim
              cluster: {server: "{{Https}}", certificate-authority: ca.crt}
            users:
            - name: shared
              user: {token: from-second}
            """);
        var list = string.Join(Path.PathSeparator, "", Path.Combine(Dir, "missing"), first, second);

        var config = ClusterConfig.Resolve(null, Environment(("KUBECONFIG", list)));

        Assert.That(config.CurrentContext, Is.EqualTo("sim"));
        Assert.That(await AuthorizationAsync(config), Is.EqualTo("Bearer from-first"));
    }

    [Test]
    public void Resolve_ExplicitKubeconfig_ThenTheKubeconfigList_ThenInCluster_ThenTheHomeFile()
    {
        var explicitFile = Write("explicit", Minimal("https://explicit.example"));
        var listed = Write("listed", Minimal("https://listed.example"));
        Write("home/.kube/config", Minimal("https://home.example"));
        var inCluster = new KubernetesClientConfiguration { Host = "https://in-cluster.example" };
        var home = ("HOME", Path.Combine(Dir, "home"));
        var pod = ("KUBERNETES_SERVICE_HOST", "10.96.0.1");
        string Host(string? kubeconfig, params (string, string)[] variables) => ClusterConfig.Resolve(kubeconfig, Environment(variables), () => inCluster).Host;

        Assert.That(Host(explicitFile, ("KUBECONFIG", listed), pod, home), Is.EqualTo("https://explicit.example"));
        Assert.That(Host(null, ("KUBECONFIG", listed), pod, home), Is.EqualTo("https://listed.example"));
        Assert.That(Host(null, ("KUBECONFIG", Path.Combine(Dir, "absent")), pod, home), Is.EqualTo("https://in-cluster.example"));
        Assert.That(Host(null, home), Is.EqualTo("https://home.example"));
    }

    [Test]
    public void Resolve_NothingToUse_SaysWhatWasLookedFor()
    {
        var e = Assert.Throws<InvalidOperationException>(() => ClusterConfig.Resolve(null, Environment(("HOME", Dir))));

        Assert.That(e!.Message, Does.Contain("KUBERNETES_SERVICE_HOST").And.Contain("KUBECONFIG").And.Contain(Path.Combine(Dir, ".kube", "config")));
    }

    [Test]
    public void Kubeconfig_Missing_WhenNamedExplicitly_IsAnError()
    {
        var e = Assert.Throws<InvalidOperationException>(() => ClusterConfig.Resolve(Path.Combine(Dir, "nope"), NoEnvironment));

        Assert.That(e!.Message, Does.Contain("nope").And.Contain("does not exist"));
    }

    [Test]
    public void Kubeconfig_NamingAContextItLacks_SaysWhichContextAndWhichFile()
    {
        var path = Write("config", "current-context: nowhere\ncontexts: []\nclusters: []\nusers: []\n");

        var e = Assert.Throws<InvalidOperationException>(() => ClusterConfig.Resolve(path, NoEnvironment));

        Assert.That(e!.Message, Does.Contain("nowhere").And.Contain(path));
    }

    private static string? NoEnvironment(string name) => null;

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.Where(v => v.Name == name).Select(v => v.Value).FirstOrDefault();

    private static string Minimal(string server) => $$"""
        current-context: c
        contexts: [{name: c, context: {cluster: k, user: u} }]
        clusters: [{name: k, cluster: {server: "{{server}}"} }]
        users: [{name: u, user: {token: t} }]
        """;

    private async Task<string?> AuthorizationAsync(KubernetesClientConfiguration config)
    {
        using var api = new KubernetesApi(config);
        await api.ListAsync(ResourceType.Service, new ListRequest(null, null), CancellationToken.None);
        return Server.Requests[^1].Authorization;
    }
}
