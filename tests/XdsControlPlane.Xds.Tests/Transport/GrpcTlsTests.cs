using System.Security.Cryptography.X509Certificates;
using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Protocol;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Xds.Tests.Transport;

/// <summary>
/// The listener with TLS and mutual TLS, against certificates made for the test: a real ADS exchange over
/// https:// and HTTP/2 when the certificates fit, a failed connection when they do not.
/// </summary>
public sealed class GrpcTlsTests
{
    private string _directory = null!;
    private X509Certificate2 _ca = null!;
    private X509Certificate2 _otherCa = null!;
    private X509Certificate2 _intermediate = null!;
    private X509Certificate2 _server = null!;
    private X509Certificate2 _serverByIntermediate = null!;
    private X509Certificate2 _client = null!;
    private X509Certificate2 _clientOfOtherCa = null!;
    private X509Certificate2 _clientByIntermediate = null!;

    [OneTimeSetUp]
    public void CreateCertificates()
    {
        _directory = Directory.CreateTempSubdirectory("xds-tls-tests-").FullName;
        _ca = TestPki.CreateCa("xds test root CA");
        _otherCa = TestPki.CreateCa("some other CA");
        _intermediate = TestPki.CreateCa("xds test intermediate CA", issuer: _ca);
        _server = TestPki.IssueServer(_ca);
        _serverByIntermediate = TestPki.IssueServer(_intermediate);
        _client = TestPki.IssueClient(_ca, "envoy-1", spiffeId: "spiffe://test.local/ns/default/sa/envoy-1");
        _clientOfOtherCa = TestPki.IssueClient(_otherCa, "intruder");
        _clientByIntermediate = TestPki.IssueClient(_intermediate, "envoy-2", spiffeId: "spiffe://test.local/ns/default/sa/envoy-2");
    }

    [OneTimeTearDown]
    public void DeleteCertificates()
    {
        _ca.Dispose();
        _otherCa.Dispose();
        _intermediate.Dispose();
        _server.Dispose();
        _serverByIntermediate.Dispose();
        _client.Dispose();
        _clientOfOtherCa.Dispose();
        _clientByIntermediate.Dispose();

        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task Tls_AdsExchangeCompletesOverHttpsAndHttp2()
    {
        await using var server = await StartAsync(_server);
        var seen = new List<X509Certificate2>();
        using var http = Client(seen);
        server.Publish(Resources.Service("a"));

        Assert.That(server.Address.Scheme, Is.EqualTo("https"));
        var cds = await ExchangeAsync(http, server);

        Assert.That(Resources.Names(cds), Is.EqualTo(new[] { "a-cluster" }));
        Assert.That(seen.Select(c => c.Thumbprint), Is.EqualTo(new[] { _server.Thumbprint }));
    }

    [Test]
    public async Task Tls_ServerSendsTheIntermediatesOfItsCertificatePemFile()
    {
        // The PEM file holds the leaf and its intermediate; the client trusts only the root, as clients
        // configured with a CA bundle do, so it needs the intermediate from the handshake.
        await using var server = await StartAsync(_serverByIntermediate, chain: [_intermediate]);
        using var http = Client();
        server.Publish(Resources.Service("a"));

        var cds = await ExchangeAsync(http, server);

        Assert.That(Resources.Names(cds), Is.EqualTo(new[] { "a-cluster" }));
    }

    [Test]
    public async Task MutualTls_ClientWithACertificateFromTheClientCaIsServed()
    {
        await using var server = await StartAsync(_server, clientCa: _ca);
        using var http = Client(clientCertificate: _client);
        server.Publish(Resources.Service("a"));

        var cds = await ExchangeAsync(http, server);

        Assert.That(Resources.Names(cds), Is.EqualTo(new[] { "a-cluster" }));
    }

    [Test]
    public async Task MutualTls_ClientWithACertificateFromAnIntermediateOfTheClientCaIsServed()
    {
        await using var server = await StartAsync(_server, clientCa: _ca);
        using var http = Client(clientCertificate: _clientByIntermediate, clientChain: [_intermediate]);
        server.Publish(Resources.Service("a"));

        var cds = await ExchangeAsync(http, server);

        Assert.That(Resources.Names(cds), Is.EqualTo(new[] { "a-cluster" }));
    }

    private static IEnumerable<TestCaseData> RejectedClients() =>
    [
        new TestCaseData("none").SetName("MutualTls_ClientWithoutACertificateCannotCall"),
        new TestCaseData("other CA").SetName("MutualTls_ClientWithACertificateFromAnotherCaCannotCall"),
    ];

    [TestCaseSource(nameof(RejectedClients))]
    public async Task MutualTls_ClientWithoutAnAcceptableCertificateCannotCall(string clientCertificate)
    {
        await using var server = await StartAsync(_server, clientCa: _ca);
        using var http = Client(clientCertificate: clientCertificate == "none" ? null : _clientOfOtherCa);

        var failure = Assert.ThrowsAsync<HttpRequestException>(() =>
            Bounded.WaitAsync(GrpcTestCall.StartAsync(http, server.Address, XdsServices.AggregatedSotw), "the rejected call to fail"));

        // TLS 1.3: the client's side of the handshake is complete before the server checks the client certificate,
        // so the client learns of the rejection when the server closes the connection instead of starting HTTP/2.
        // HttpClient words that differently depending on where it noticed (handshake, or a reset while sending), so
        // what is asserted is the behaviour: the request failed and no stream ever reached the xDS engine.
        Assert.That(failure, Is.Not.Null);
        TestContext.Out.WriteLine($"rejected with: {failure}");
        Assert.That(server.Ledger.Count, Is.Zero, "a client without an acceptable certificate must never get a stream");
    }

    [Test]
    public async Task MutualTls_ClientCertificateWithOnlyTheServerAuthUsageIsRefusedAtTheHandshake_LoggedWithTheReason()
    {
        // Issue 10 item 3: a certificate of the client CA that was issued for a server (serverAuth only) is not a client's.
        using var serverOnly = TestPki.IssueClient(_ca, "a-server", spiffeId: "spiffe://test.local/ns/default/sa/envoy-1", usage: TestPki.ServerAuth);
        var log = new LogRecorder();
        await using var server = await StartAsync(_server, clientCa: _ca, loggers: log);
        using var http = Client(clientCertificate: serverOnly);

        Assert.ThrowsAsync<HttpRequestException>(() =>
            Bounded.WaitAsync(GrpcTestCall.StartAsync(http, server.Address, XdsServices.AggregatedSotw), "the refused call to fail"));

        await log.WaitAsync(r => r.Any(e => e.EventName == "ClientCertificateRefused"), "the refusal's log line");
        var refused = log.Records.Single(e => e.EventName == "ClientCertificateRefused");
        Assert.That(refused.Properties["Reason"], Is.EqualTo("usage"));
        Assert.That(refused.Properties["Subject"], Is.EqualTo("CN=a-server"));
        Assert.That(refused.Message, Does.Contain("does not include clientAuth"));
        Assert.That(server.Ledger.Count, Is.Zero, "a server certificate must never open a client stream");
    }

    private async Task<TestXdsServer> StartAsync(X509Certificate2 certificate, X509Certificate2[]? chain = null, X509Certificate2? clientCa = null,
        LogRecorder? loggers = null)
    {
        var name = Guid.NewGuid().ToString("N");
        var certificatePath = TestPki.WriteCertificates(_directory, $"{name}.crt", [certificate, .. chain ?? []]);
        var keyPath = TestPki.WriteKey(_directory, $"{name}.key", certificate);
        var clientCaPath = clientCa is null ? null : TestPki.WriteCertificates(_directory, $"{name}-client-ca.crt", clientCa);
        return await TestXdsServer.StartAsync(options =>
        {
            options.TlsCertificatePath = certificatePath;
            options.TlsKeyPath = keyPath;
            options.ClientCaPath = clientCaPath;
        }, loggers: loggers);
    }

    private HttpClient Client(List<X509Certificate2>? seen = null, X509Certificate2? clientCertificate = null, X509Certificate2[]? clientChain = null) =>
        TestPki.HttpClient(_ca, seen, clientCertificate, clientChain);

    internal static async Task<Envoy.Service.Discovery.V3.DiscoveryResponse> ExchangeAsync(HttpClient http, TestXdsServer server)
    {
        await using var ads = await Bounded.WaitAsync(
            SotwTestStream.OpenAsync(http, server.Address, XdsServices.AggregatedSotw), "the TLS handshake and response headers");
        await ads.RequestAsync(TypeUrls.Cluster, node: SotwTestStream.TestNode("tls-client"));
        return await ads.NextAsync("CDS response over TLS");
    }
}
