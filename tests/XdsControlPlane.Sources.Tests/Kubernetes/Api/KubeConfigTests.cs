using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using XdsControlPlane.Sources.Kubernetes.Api;

namespace XdsControlPlane.Sources.Tests.Kubernetes.Api;

/// <summary>Reading a kubeconfig and the in-cluster configuration.</summary>
public sealed class KubeConfigTests
{
    private string _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = Directory.CreateTempSubdirectory("kubeconfig-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void KubeConfig_UsesTheCurrentContextsClusterAndUser_WithCaDataAndClientCertificateData()
    {
        var (certPem, keyPem) = SelfSigned("admin");
        var path = Write("config", $"""
            apiVersion: v1
            kind: Config
            current-context: second
            contexts:
              - {"{"}name: first, context: {"{"}cluster: a, user: a{"}"}{"}"}
              - {"{"}name: second, context: {"{"}cluster: b, user: b, namespace: team{"}"}{"}"}
            clusters:
              - {"{"}name: a, cluster: {"{"}server: "https://a.example:6443"{"}"}{"}"}
              - {"{"}name: b, cluster: {"{"}server: "https://b.example:6443", certificate-authority-data: {Base64(certPem)}{"}"}{"}"}
            users:
              - {"{"}name: a, user: {"{"}token: wrong{"}"}{"}"}
              - {"{"}name: b, user: {"{"}client-certificate-data: {Base64(certPem)}, client-key-data: {Base64(keyPem)}{"}"}{"}"}
            """);

        var connection = KubeConfig.Load(path);

        Assert.That(connection.Server, Is.EqualTo(new Uri("https://b.example:6443")));
        Assert.That(connection.Namespace, Is.EqualTo("team"));
        Assert.That(connection.CertificateAuthorities, Has.Count.EqualTo(1));
        Assert.That(connection.ClientCertificate?.HasPrivateKey, Is.True);
        Assert.That(connection.ClientCertificate!.Subject, Is.EqualTo("CN=admin"));
        Assert.That(connection.Token, Is.Null);
    }

    [Test]
    public void KubeConfig_ReadsFilesRelativeToItsFolder_AndATokenFile()
    {
        var (certPem, _) = SelfSigned("ca");
        Write("ca.crt", certPem);
        Write("token", "secret-1\n");
        var path = Write("config", """
            current-context: c
            contexts: [{name: c, context: {cluster: k, user: u}}]
            clusters: [{name: k, cluster: {server: "https://k:6443", certificate-authority: ca.crt}}]
            users: [{name: u, user: {tokenFile: token}}]
            """);

        var connection = KubeConfig.Load(path);

        Assert.That(connection.CertificateAuthorities, Has.Count.EqualTo(1));
        Assert.That(connection.Token?.Current(), Is.EqualTo("secret-1"));
    }

    [Test]
    public void KubeConfig_WithAnExecPlugin_IsRefusedWithAClearMessage()
    {
        var path = Write("config", """
            current-context: c
            contexts: [{name: c, context: {cluster: k, user: u}}]
            clusters: [{name: k, cluster: {server: "https://k:6443"}}]
            users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: aws}}}]
            """);

        var e = Assert.Throws<NotSupportedException>(() => KubeConfig.Load(path));

        Assert.That(e!.Message, Does.Contain("exec").And.Contain("not supported"));
    }

    [Test]
    public void KubeConfig_NamingAMissingContext_SaysWhichEntryIsMissing()
    {
        var path = Write("config", "current-context: nowhere\ncontexts: []\nclusters: []\nusers: []\n");

        var e = Assert.Throws<InvalidOperationException>(() => KubeConfig.Load(path));

        Assert.That(e!.Message, Does.Contain("'nowhere'").And.Contain("contexts"));
    }

    [Test]
    public void InCluster_ReadsServiceHostPortTokenCaAndNamespace()
    {
        var (certPem, _) = SelfSigned("cluster-ca");
        Write("ca.crt", certPem);
        Write("token", "sa-token");
        Write("namespace", "xds-system\n");
        var env = new Dictionary<string, string> { ["KUBERNETES_SERVICE_HOST"] = "10.96.0.1", ["KUBERNETES_SERVICE_PORT"] = "443" };

        var connection = InClusterConfig.Load(_dir, env.GetValueOrDefault);

        Assert.That(connection.Server, Is.EqualTo(new Uri("https://10.96.0.1:443")));
        Assert.That(connection.Token?.Current(), Is.EqualTo("sa-token"));
        Assert.That(connection.Namespace, Is.EqualTo("xds-system"));
        Assert.That(connection.CertificateAuthorities, Has.Count.EqualTo(1));
    }

    [Test]
    public void InCluster_WithoutTheServiceVariables_ExplainsItIsNotInAPod()
    {
        var e = Assert.Throws<InvalidOperationException>(() => InClusterConfig.Load(_dir, _ => null));

        Assert.That(e!.Message, Does.Contain("KUBERNETES_SERVICE_HOST").And.Contain("--kubeconfig"));
    }

    [Test]
    public void FileToken_IsReadAgainWhenTheFileChanges()
    {
        var path = Write("token", "one");
        var token = BearerToken.FromFile(path);
        Assert.That(token.Current(), Is.EqualTo("one"));

        File.WriteAllText(path, "two");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));

        Assert.That(token.Current(), Is.EqualTo("two"));
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static (string Certificate, string Key) SelfSigned(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }
}
