using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using XdsControlPlane.Sources.Kubernetes.Api;
using XdsControlPlane.Testing.Kubernetes;

namespace XdsControlPlane.Sources.Tests.Kubernetes.Api;

/// <summary>
/// TLS to the simulated API server over HTTPS, configured by kubeconfigs and done by KubernetesClient: exactly the
/// cluster CA is trusted, for the name the server is reached by; insecure-skip-tls-verify; client certificates.
/// </summary>
public sealed class KubernetesTlsTests
{
    private TestCertificates _certificates = null!;
    private string _dir = null!;
    private SimulatedApiServer? _server;

    [SetUp]
    public void Create()
    {
        _certificates = new TestCertificates();
        _dir = Directory.CreateTempSubdirectory("kubeconfig-").FullName;
    }

    [TearDown]
    public async Task Stop()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _certificates.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Test]
    public async Task SimulatedServerOverHttps_SignedByTheClusterCa_IsTrusted()
    {
        using var api = await StartAsync(_certificates.Server(), $"certificate-authority-data: {_certificates.CaData}", "token: t");

        var list = await api.ListAsync(ResourceType.Service, new ListRequest(null, null), CancellationToken.None);

        Assert.That(list.ResourceVersion, Is.EqualTo(_server!.ResourceVersion));
    }

    [Test]
    public async Task SimulatedServerOverHttps_WithoutTheClusterCa_IsRefused()
    {
        using var api = await StartAsync(_certificates.Server(), "", "token: t");

        Assert.ThrowsAsync<HttpRequestException>(() => api.ListAsync(ResourceType.Service, new ListRequest(null, null), CancellationToken.None));
        Assert.That(_server!.Requests, Is.Empty);
    }

    [Test]
    public async Task SimulatedServerOverHttps_SignedByTheClusterCaForAnotherName_IsRefused()
    {
        using var api = await StartAsync(_certificates.Server("apiserver.elsewhere.example"), $"certificate-authority-data: {_certificates.CaData}", "token: t");

        Assert.ThrowsAsync<HttpRequestException>(() => api.ListAsync(ResourceType.Service, new ListRequest(null, null), CancellationToken.None));
        Assert.That(_server!.Requests, Is.Empty);
    }

    [Test]
    public void CertificateCheck_ACertificateOfTheClusterCaForClientAuthenticationOnly_IsNoServerCertificate()
    {
        // Kestrel will not serve such a certificate, so the check is called as the TLS handshake would call it.
        using var server = _certificates.Server();
        using var clientOnly = _certificates.Server(clientOnly: true);

        Assert.That(ClusterTrust.Validate([_certificates.Ca], server, SslPolicyErrors.RemoteCertificateChainErrors), Is.True);
        Assert.That(ClusterTrust.Validate([_certificates.Ca], clientOnly, SslPolicyErrors.RemoteCertificateChainErrors), Is.False);
        Assert.That(ClusterTrust.Validate([_certificates.Ca], server, SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch), Is.False);
    }

    [Test]
    public async Task SimulatedServerOverHttps_WithInsecureSkipTlsVerify_IsAccepted()
    {
        using var api = await StartAsync(_certificates.Server("apiserver.elsewhere.example"), "insecure-skip-tls-verify: true", "token: t");

        await api.ListAsync(ResourceType.Service, new ListRequest(null, null), CancellationToken.None);

        Assert.That(_server!.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task SimulatedServerOverHttps_ClientCertificateOfTheKubeconfigUser_IsPresented()
    {
        var (certificate, key) = _certificates.Client("system:admin");
        using var api = await StartAsync(_certificates.Server(), $"certificate-authority-data: {_certificates.CaData}",
            $"client-certificate-data: {TestCertificates.Base64(certificate)}, client-key-data: {TestCertificates.Base64(key)}", askClientCertificate: true);

        await api.ListAsync(ResourceType.Service, new ListRequest(null, null), CancellationToken.None);

        Assert.That(_server!.Requests.Select(r => (r.ClientCertificate, r.Authorization)), Is.EqualTo(new[] { ((string?)"CN=system:admin", (string?)null) }));
    }

    private async Task<KubernetesApi> StartAsync(X509Certificate2 serverCertificate, string cluster, string user, bool askClientCertificate = false)
    {
        _server = await SimulatedApiServer.StartAsync(serverCertificate, askClientCertificate);
        var https = new UriBuilder(_server.Address) { Scheme = "https" }.Uri;
        var path = Path.Combine(_dir, "config");
        File.WriteAllText(path, string.Join('\n',
            "current-context: sim",
            "contexts: [{name: sim, context: {cluster: sim, user: sim}}]",
            $"clusters: [{{name: sim, cluster: {{server: \"{https}\"{(cluster.Length == 0 ? "" : ", " + cluster)}}}}}]",
            $"users: [{{name: sim, user: {{{user}}}}}]"));
        return new KubernetesApi(ClusterConfig.Resolve(path, _ => null));
    }
}
