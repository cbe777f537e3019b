using System.Security.Cryptography.X509Certificates;
using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Protocol;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Xds.Tests.Transport;

/// <summary>
/// Issue 10 item 3: the server certificate, its key and the client CA are read again when their files change, as
/// cert-manager renews them, without dropping open streams. The periodic check is set to an hour here, so what these
/// tests see is the file watcher; each waits for the reload's log line instead of sleeping.
/// </summary>
public sealed class TlsReloadTests
{
    private string _directory = null!;
    private X509Certificate2 _ca = null!;
    private X509Certificate2 _newCa = null!;
    private X509Certificate2 _first = null!;
    private X509Certificate2 _renewed = null!;
    private X509Certificate2 _clientOfNewCa = null!;

    [OneTimeSetUp]
    public void CreateCertificates()
    {
        _ca = TestPki.CreateCa("xds reload test CA");
        _newCa = TestPki.CreateCa("xds reload test new CA");
        _first = TestPki.IssueServer(_ca);
        _renewed = TestPki.IssueServer(_ca);
        _clientOfNewCa = TestPki.IssueClient(_newCa, "envoy-new", spiffeId: "spiffe://test.local/ns/default/sa/envoy-new");
    }

    [OneTimeTearDown]
    public void DisposeCertificates()
    {
        _ca.Dispose();
        _newCa.Dispose();
        _first.Dispose();
        _renewed.Dispose();
        _clientOfNewCa.Dispose();
    }

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("xds-tls-reload-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task RenewedCertificate_OpenStreamGoesOn_NewConnectionIsShownTheNewOne()
    {
        var log = new LogRecorder();
        await using var server = await StartAsync(_first, log);
        var seenBefore = new List<X509Certificate2>();
        using var before = TestPki.HttpClient(_ca, seenBefore);
        server.Publish(Resources.Service("a"));
        await using var open = await Bounded.WaitAsync(SotwTestStream.OpenAsync(before, server.Address, XdsServices.AggregatedSotw), "the first connection");
        await open.RequestAsync(TypeUrls.Cluster, node: SotwTestStream.TestNode("before-rotation"));
        var first = await open.NextAsync("CDS before the rotation");
        await open.RequestAsync(TypeUrls.Cluster, ackOf: first);

        WriteServer(_renewed);
        await WaitForReloadAsync(log, _renewed);
        server.Publish([.. Resources.Service("a"), .. Resources.Service("b")]);
        var pushed = await open.NextAsync("a push on the stream opened before the rotation");

        var seenAfter = new List<X509Certificate2>();
        using var after = TestPki.HttpClient(_ca, seenAfter);
        var cds = await GrpcTlsTests.ExchangeAsync(after, server);

        Assert.That(Resources.Names(pushed), Is.EquivalentTo(new[] { "a-cluster", "b-cluster" }));
        Assert.That(seenBefore.Select(c => c.Thumbprint).Distinct(), Is.EqualTo(new[] { _first.Thumbprint }));
        Assert.That(seenAfter.Select(c => c.Thumbprint).Distinct(), Is.EqualTo(new[] { _renewed.Thumbprint }));
        Assert.That(Resources.Names(cds), Is.EquivalentTo(new[] { "a-cluster", "b-cluster" }));
    }

    [Test]
    public async Task KubernetesSecretVolume_SymlinkSwapIsSeen()
    {
        // A Secret volume: tls.crt -> ..data/tls.crt, ..data -> ..<timestamp>/; an update writes a new timestamped
        // folder and renames a new ..data link over the old one, so the files themselves are never written.
        Directory.CreateDirectory(Path.Combine(_directory, "..v1"));
        TestPki.WriteCertificates(Path.Combine(_directory, "..v1"), "tls.crt", _first);
        TestPki.WriteKey(Path.Combine(_directory, "..v1"), "tls.key", _first);
        File.CreateSymbolicLink(Path.Combine(_directory, "..data"), "..v1");
        File.CreateSymbolicLink(Path.Combine(_directory, "tls.crt"), "..data/tls.crt");
        File.CreateSymbolicLink(Path.Combine(_directory, "tls.key"), "..data/tls.key");
        var log = new LogRecorder();
        await using var server = await TestXdsServer.StartAsync(options =>
        {
            options.TlsCertificatePath = Path.Combine(_directory, "tls.crt");
            options.TlsKeyPath = Path.Combine(_directory, "tls.key");
            options.TlsReloadInterval = TimeSpan.FromHours(1);
        }, loggers: log);

        Directory.CreateDirectory(Path.Combine(_directory, "..v2"));
        TestPki.WriteCertificates(Path.Combine(_directory, "..v2"), "tls.crt", _renewed);
        TestPki.WriteKey(Path.Combine(_directory, "..v2"), "tls.key", _renewed);
        File.CreateSymbolicLink(Path.Combine(_directory, "..data_tmp"), "..v2");
        // rename(2) of the new link over the old, as the kubelet does; File.Move refuses a destination that is a folder.
        using (var rename = System.Diagnostics.Process.Start("mv", ["-T", Path.Combine(_directory, "..data_tmp"), Path.Combine(_directory, "..data")]))
        {
            await rename.WaitForExitAsync();
            Assert.That(rename.ExitCode, Is.Zero, "mv -T of the ..data link");
        }

        await WaitForReloadAsync(log, _renewed);

        server.Publish(Resources.Service("a"));
        var seen = new List<X509Certificate2>();
        using var http = TestPki.HttpClient(_ca, seen);
        await GrpcTlsTests.ExchangeAsync(http, server);
        Assert.That(seen.Select(c => c.Thumbprint).Distinct(), Is.EqualTo(new[] { _renewed.Thumbprint }));
    }

    [Test]
    public async Task NewClientCa_ClientOfTheNewCaIsServedAfterTheFileChanges()
    {
        var log = new LogRecorder();
        await using var server = await StartAsync(_first, log, clientCa: _ca);
        using (var refused = TestPki.HttpClient(_ca, clientCertificate: _clientOfNewCa))
        {
            Assert.ThrowsAsync<HttpRequestException>(() =>
                Bounded.WaitAsync(GrpcTestCall.StartAsync(refused, server.Address, XdsServices.AggregatedSotw), "the call of a client of the new CA, before"));
        }

        TestPki.WriteCertificates(_directory, "client-ca.crt", _ca, _newCa);
        await log.WaitAsync(r => r.Any(e => e.EventName == "TlsReloaded" && e.Message.Contains("2 certificates", StringComparison.Ordinal)), "the CA bundle's reload");

        server.Publish(Resources.Service("a"));
        using var served = TestPki.HttpClient(_ca, clientCertificate: _clientOfNewCa);
        var cds = await GrpcTlsTests.ExchangeAsync(served, server);
        Assert.That(Resources.Names(cds), Is.EqualTo(new[] { "a-cluster" }));
    }

    private static IEnumerable<TestCaseData> BadFiles() =>
    [
        new TestCaseData("server.crt", "holds no PEM certificate").SetName("BadNewCertificateFile_KeepsThePreviousCertificate_LogsTheFile"),
        new TestCaseData("server.key", "does not hold the PEM private key").SetName("KeyOfAnotherCertificate_KeepsThePreviousCertificate_LogsTheKeyFile"),
        new TestCaseData("client-ca.crt", "holds no PEM certificate").SetName("EmptyClientCaFile_KeepsThePreviousBundle_LogsTheFile"),
    ];

    [TestCaseSource(nameof(BadFiles))]
    public async Task BadNewFile_KeepsThePreviousMaterial_LogsTheFile(string file, string error)
    {
        var log = new LogRecorder();
        using var client = TestPki.IssueClient(_ca, "envoy", spiffeId: "spiffe://test.local/ns/default/sa/envoy");
        await using var server = await StartAsync(_first, log, clientCa: _ca);
        var path = Path.Combine(_directory, file);

        switch (file)
        {
            case "server.crt":
                File.WriteAllText(path, "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
                break;
            case "server.key":
                TestPki.WriteKey(_directory, file, _renewed);
                break;
            default:
                File.WriteAllText(path, "");
                break;
        }

        await log.WaitAsync(r => r.Any(e => e.EventName == "TlsReloadFailed"), $"the error about {file}");
        var failed = log.Records.Single(e => e.EventName == "TlsReloadFailed");
        var seen = new List<X509Certificate2>();
        server.Publish(Resources.Service("a"));
        using var http = TestPki.HttpClient(_ca, seen, client);
        var cds = await GrpcTlsTests.ExchangeAsync(http, server);

        Assert.That(failed.Properties["File"], Is.EqualTo(path));
        Assert.That(failed.Message, Does.Contain(error));
        Assert.That(seen.Select(c => c.Thumbprint).Distinct(), Is.EqualTo(new[] { _first.Thumbprint }));
        Assert.That(Resources.Names(cds), Is.EqualTo(new[] { "a-cluster" }));
    }

    private async Task<TestXdsServer> StartAsync(X509Certificate2 certificate, LogRecorder log, X509Certificate2? clientCa = null)
    {
        WriteServer(certificate);
        var clientCaPath = clientCa is null ? null : TestPki.WriteCertificates(_directory, "client-ca.crt", clientCa);
        return await TestXdsServer.StartAsync(options =>
        {
            options.TlsCertificatePath = Path.Combine(_directory, "server.crt");
            options.TlsKeyPath = Path.Combine(_directory, "server.key");
            options.ClientCaPath = clientCaPath;
            options.TlsReloadInterval = TimeSpan.FromHours(1);
        }, loggers: log);
    }

    private void WriteServer(X509Certificate2 certificate)
    {
        TestPki.WriteKey(_directory, "server.key", certificate);
        TestPki.WriteCertificates(_directory, "server.crt", certificate);
    }

    private static Task WaitForReloadAsync(LogRecorder log, X509Certificate2 expected) =>
        log.WaitAsync(r => r.Any(e => e.EventName == "TlsReloaded" && Equals(e.Properties["Thumbprint"], expected.Thumbprint)),
            $"the reload of certificate {expected.Thumbprint}");
}
