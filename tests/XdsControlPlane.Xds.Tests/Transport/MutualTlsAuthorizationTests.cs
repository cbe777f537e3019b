using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Envoy.Config.Core.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Envoy.Service.Status.V3;
using Google.Protobuf.WellKnownTypes;
using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Protocol;
using XdsControlPlane.Xds.Protocol.Authorization;
using XdsControlPlane.Xds.Snapshots;
using XdsControlPlane.Xds.Status;
using TlsSecret = Envoy.Extensions.TransportSockets.Tls.V3.Secret;

namespace XdsControlPlane.Xds.Tests.Transport;

/// <summary>
/// Issue 10 D3 and item 3, over real mutual TLS on 127.0.0.1 with certificates made by the test: a client's identity
/// is the SPIFFE ID of its certificate, and what its node claims is checked against it. The exact D3 input (node
/// metadata <c>gateway: default/secure</c>, SDS resource <c>default/app-tls</c>) from an identity of another
/// namespace ends PERMISSION_DENIED naming the rule; the Gateway's own identity gets the key.
/// </summary>
public sealed class MutualTlsAuthorizationTests
{
    private const string SecureProfile = "gateway/default/secure";
    private const string AppTls = "default/app-tls";
    private const string PrivateKey = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n";

    private string _directory = null!;
    private X509Certificate2 _ca = null!;
    private X509Certificate2 _server = null!;
    private X509Certificate2 _gateway = null!;
    private X509Certificate2 _otherNamespace = null!;
    private X509Certificate2 _noSpiffeId = null!;
    private X509Certificate2 _fleetReader = null!;

    [OneTimeSetUp]
    public void CreateCertificates()
    {
        _directory = Directory.CreateTempSubdirectory("xds-authz-tests-").FullName;
        _ca = TestPki.CreateCa("xds authz test CA");
        _server = TestPki.IssueServer(_ca);
        _gateway = TestPki.IssueClient(_ca, "secure-gateway", spiffeId: "spiffe://cluster.local/ns/default/sa/secure-gateway");
        _otherNamespace = TestPki.IssueClient(_ca, "client-a", spiffeId: "spiffe://cluster.local/ns/other/sa/client-a");
        _noSpiffeId = TestPki.IssueClient(_ca, "plain-client");
        _fleetReader = TestPki.IssueClient(_ca, "status", spiffeId: "spiffe://cluster.local/ns/ops/sa/xds-status");
    }

    [OneTimeTearDown]
    public void DeleteCertificates()
    {
        _ca.Dispose();
        _server.Dispose();
        _gateway.Dispose();
        _otherNamespace.Dispose();
        _noSpiffeId.Dispose();
        _fleetReader.Dispose();

        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task D3_IdentityOfAnotherNamespaceIsRefusedTheGatewaysKey_TheGatewaysOwnIdentityGetsIt()
    {
        await using var server = await StartAsync();

        using var rightHttp = Client(_gateway);
        await using var right = await SotwTestStream.OpenAsync(rightHttp, server.Address, XdsServices.AggregatedSotw);
        await right.RequestAsync(TypeUrls.Secret, [AppTls], node: GatewayNode("secure-1", "default/secure"));
        var served = await right.NextAsync("the Gateway's own secret");

        using var wrongHttp = Client(_otherNamespace);
        await using var wrong = await SotwTestStream.OpenAsync(wrongHttp, server.Address, XdsServices.AggregatedSotw);
        await wrong.RequestAsync(TypeUrls.Secret, [AppTls], node: GatewayNode("attacker", "default/secure"));
        var (status, message) = await wrong.EndAsync();

        Assert.That(served.Resources.Single().Unpack<TlsSecret>().TlsCertificate.PrivateKey.InlineString, Is.EqualTo(PrivateKey));
        Assert.That(status, Is.EqualTo(7), "PERMISSION_DENIED");
        Assert.That(message, Does.Contain("spiffe://cluster.local/ns/other/sa/client-a").And.Contain(SecureProfile).And.Contain("'default'"));
        Assert.That(wrong.Received, Is.Empty, "nothing, least of all the key, reaches the refused client");
        Assert.That(server.Ledger.Nodes().Select(n => (n.NodeId, n.Principal)),
            Is.EqualTo(new[] { ("secure-1", "spiffe://cluster.local/ns/default/sa/secure-gateway") }));
    }

    [Test]
    public async Task OwnNamespaceGatewayAndProxylessAreAllowedByTheDefaultRule()
    {
        await using var server = await StartAsync();
        using var http = Client(_otherNamespace);

        await using var gateway = await SotwTestStream.OpenAsync(http, server.Address, XdsServices.AggregatedSotw);
        await gateway.RequestAsync(TypeUrls.Listener, node: GatewayNode("other-gw", "other/edge"));
        await using var proxyless = await SotwTestStream.OpenAsync(http, server.Address, XdsServices.AggregatedSotw);
        var grpcNode = new Node { Id = "grpc-1", UserAgentName = "gRPC Node", UserAgentVersion = "1.14.1", Locality = new Locality() };
        await proxyless.RequestAsync(TypeUrls.Listener, node: grpcNode);

        Assert.That((await gateway.NextAsync("LDS of its own namespace's Gateway")).TypeUrl, Is.EqualTo(TypeUrls.Listener));
        Assert.That((await proxyless.NextAsync("LDS as a proxyless client")).TypeUrl, Is.EqualTo(TypeUrls.Listener));
    }

    [Test]
    public async Task ACertificateWithoutASpiffeIdIsRefused()
    {
        await using var server = await StartAsync();
        using var http = Client(_noSpiffeId);
        await using var ads = await SotwTestStream.OpenAsync(http, server.Address, XdsServices.AggregatedSotw);
        await ads.RequestAsync(TypeUrls.Listener, node: GatewayNode("n", "default/secure"));

        var (status, message) = await ads.EndAsync();

        Assert.That((status, message), Is.EqualTo(((int?)7, (string?)"the client certificate carries no spiffe:// URI SAN")));
    }

    [Test]
    public async Task AnotherIdentityClaimingAVictimsNodeIdGetsItsOwnLedgerRow()
    {
        await using var server = await StartAsync();
        using var victimHttp = Client(_gateway);
        await using var victim = await SotwTestStream.OpenAsync(victimHttp, server.Address, XdsServices.AggregatedSotw);
        await victim.RequestAsync(TypeUrls.Listener, node: GatewayNode("gw-1", "default/secure"));
        var lds = await victim.NextAsync("the victim's LDS");
        await victim.RequestAsync(TypeUrls.Listener, ackOf: lds);

        using var intruderHttp = Client(_otherNamespace);
        await using var intruder = await SotwTestStream.OpenAsync(intruderHttp, server.Address, XdsServices.AggregatedSotw);
        await intruder.RequestAsync(TypeUrls.Listener, node: GatewayNode("gw-1", "other/edge"));
        var its = await intruder.NextAsync("the intruder's own LDS");
        await intruder.NackAsync(its, string.Empty, "forged NACK");
        await intruder.RequestAsync(TypeUrls.Cluster);
        await intruder.NextAsync("CDS, after the NACK was recorded");

        var victimRow = server.Ledger.FindNode("gw-1", "spiffe://cluster.local/ns/default/sa/secure-gateway")!;
        var intruderRow = server.Ledger.FindNode("gw-1", "spiffe://cluster.local/ns/other/sa/client-a")!;
        Assert.That(victimRow.Types[TypeUrls.Listener].LastNack, Is.Null, "the victim's row holds no NACK of the other identity");
        Assert.That(intruderRow.Types[TypeUrls.Listener].LastNack?.Message, Is.EqualTo("forged NACK"));
        Assert.That(server.Ledger.Principals("gw-1"), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Csds_IsRefusedUnlessARuleLetsTheIdentityReadTheFleet()
    {
        var rules = new[] { new AuthorizationRule("status-readers", ["spiffe://cluster.local/ns/ops/sa/*"], [], ReadFleet: true) };
        await using var server = await StartAsync(rules);
        using var gatewayHttp = Client(_gateway);
        using var readerHttp = Client(_fleetReader);

        var refused = Assert.ThrowsAsync<Grpc.Core.RpcException>(() => FetchStatusAsync(gatewayHttp, server));
        var answered = await FetchStatusAsync(readerHttp, server);

        Assert.That(refused!.StatusCode, Is.EqualTo(Grpc.Core.StatusCode.PermissionDenied));
        Assert.That(refused.Status.Detail, Does.Contain("may not read the fleet"));
        Assert.That(answered.Config, Is.Empty);
    }

    private static async Task<ClientStatusResponse> FetchStatusAsync(HttpClient http, TestXdsServer server)
    {
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(server.Address, new Grpc.Net.Client.GrpcChannelOptions { HttpClient = http });
        var method = new Grpc.Core.Method<ClientStatusRequest, ClientStatusResponse>(Grpc.Core.MethodType.Unary,
            "envoy.service.status.v3.ClientStatusDiscoveryService", "FetchClientStatus",
            Grpc.Core.Marshallers.Create(r => Google.Protobuf.MessageExtensions.ToByteArray(r), ClientStatusRequest.Parser.ParseFrom),
            Grpc.Core.Marshallers.Create(r => Google.Protobuf.MessageExtensions.ToByteArray(r), ClientStatusResponse.Parser.ParseFrom));
        return await channel.CreateCallInvoker().AsyncUnaryCall(method, null, new Grpc.Core.CallOptions(), new ClientStatusRequest());
    }

    private async Task<TestXdsServer> StartAsync(IReadOnlyList<AuthorizationRule>? rules = null)
    {
        var name = Guid.NewGuid().ToString("N");
        var certificatePath = TestPki.WriteCertificates(_directory, $"{name}.crt", _server);
        var keyPath = TestPki.WriteKey(_directory, $"{name}.key", _server);
        var clientCaPath = TestPki.WriteCertificates(_directory, $"{name}-ca.crt", _ca);
        var server = await TestXdsServer.StartAsync(options =>
        {
            options.TlsCertificatePath = certificatePath;
            options.TlsKeyPath = keyPath;
            options.ClientCaPath = clientCaPath;
        }, profiles: new NodeProfileResolver(), authorization: rules is null ? null : new XdsAuthorization(mutualTls: true, rules: rules));
        var secret = new TlsSecret
        {
            Name = AppTls,
            TlsCertificate = new TlsCertificate
            {
                CertificateChain = new DataSource { InlineString = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n" },
                PrivateKey = new DataSource { InlineString = PrivateKey },
            },
        };
        server.Publish([.. Resources.Service("secure"), XdsResource.Create(secret)], profile: SecureProfile);
        server.Publish(Resources.Service("edge"), profile: "gateway/other/edge");
        return server;
    }

    private static Node GatewayNode(string id, string gateway)
    {
        var node = SotwTestStream.TestNode(id);
        node.Metadata = new Struct { Fields = { ["gateway"] = Value.ForString(gateway) } };
        return node;
    }

    /// <summary>An HTTP/2 client presenting <paramref name="certificate"/> and trusting the test CA only.</summary>
    private HttpClient Client(X509Certificate2 certificate) =>
        GrpcTestCall.CreateClient(() => new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, presented, _, _) =>
                    presented is X509Certificate2 leaf && XdsControlPlane.Xds.Transport.GrpcListener.ChainsTo(leaf, [_ca]),
                ClientCertificateContext = SslStreamCertificateContext.Create(certificate, [], offline: true),
            },
        });
}
