using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using XdsControlPlane.Sources.Kubernetes.Api;
using XdsControlPlane.Testing.Kubernetes;

namespace XdsControlPlane.Sources.Tests.Kubernetes.Api;

/// <summary>The client trusts exactly the cluster CA it was given, as kubectl does (simulated API server over HTTPS).</summary>
public sealed class KubernetesTlsTests
{
    private X509Certificate2 _ca = null!;
    private X509Certificate2 _serverCertificate = null!;
    private SimulatedApiServer _server = null!;

    [OneTimeSetUp]
    public void CreateCertificates()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=cluster-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        _ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=kubernetes", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var signed = serverRequest.Create(_ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(12), [1, 2, 3, 4]);
        // Export and re-import so the key is usable by SslStream on every platform.
        _serverCertificate = X509CertificateLoader.LoadPkcs12(signed.CopyWithPrivateKey(serverKey).Export(X509ContentType.Pkcs12), null);
    }

    [OneTimeTearDown]
    public void DisposeCertificates()
    {
        _ca.Dispose();
        _serverCertificate.Dispose();
    }

    [SetUp]
    public async Task StartServer() => _server = await SimulatedApiServer.StartAsync(_serverCertificate);

    [TearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [Test]
    public async Task SimulatedServerOverHttps_SignedByTheClusterCa_IsTrusted()
    {
        using var client = Client([_ca], insecure: false);

        var list = await client.ListAsync(ResourceType.Service, new ListRequest(null, null), CancellationToken.None);

        Assert.That(list.ResourceVersion, Is.Not.Empty);
    }

    [Test]
    public void SimulatedServerOverHttps_WithoutTheClusterCa_IsRefused()
    {
        using var client = Client([], insecure: false);

        Assert.ThrowsAsync<HttpRequestException>(() => client.ListAsync(ResourceType.Service, new ListRequest(null, null), CancellationToken.None));
        Assert.That(_server.Requests, Is.Empty);
    }

    [Test]
    public async Task SimulatedServerOverHttps_WithInsecureSkipTlsVerify_IsAccepted()
    {
        using var client = Client([], insecure: true);

        await client.ListAsync(ResourceType.Service, new ListRequest(null, null), CancellationToken.None);

        Assert.That(_server.Requests, Has.Count.EqualTo(1));
    }

    private KubernetesApiClient Client(X509Certificate2[] authorities, bool insecure)
    {
        var https = new UriBuilder(_server.Address) { Scheme = "https" }.Uri;
        return new(new KubernetesConnection(https, [.. authorities], insecure, null, null, null));
    }
}
