using Envoy.Config.Core.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Protocol;
using XdsControlPlane.Xds.Snapshots;
using TlsSecret = Envoy.Extensions.TransportSockets.Tls.V3.Secret;

namespace XdsControlPlane.Xds.Tests.Authorization;

/// <summary>
/// Issue 10 item 3: without client certificates nothing tells who asks, so a secret holding a private key is not
/// sent unless the operator allows it (<c>--allow-plaintext-secrets</c>); secrets without one are sent as before.
/// </summary>
public sealed class PlaintextSecretTests
{
    private static readonly TlsSecret s_withKey = new()
    {
        Name = "default/app-tls",
        TlsCertificate = new TlsCertificate
        {
            CertificateChain = new DataSource { InlineString = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n" },
            PrivateKey = new DataSource { InlineString = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n" },
        },
    };

    [TestCase(false, TestName = "PlaintextSecret_WithAPrivateKeyEndsTheStreamPermissionDenied")]
    [TestCase(true, TestName = "PlaintextSecret_WithAPrivateKeyIsSentWhenTheOperatorAllowsIt")]
    public async Task SotwSds(bool allow)
    {
        await using var server = await TestXdsServer.StartAsync(o => o.AllowPlaintextSecrets = allow);
        server.Publish([XdsResource.Create(s_withKey), XdsResource.Create(Resources.Secret("public-only"))]);
        using var http = GrpcTestCall.CreateClient();
        await using var ads = await SotwTestStream.OpenAsync(http, server.Address, XdsServices.AggregatedSotw);
        await ads.RequestAsync(TypeUrls.Secret, ["public-only"], node: SotwTestStream.TestNode("n"));
        var certificateOnly = await ads.NextAsync("a secret without a private key, sent either way");

        await ads.RequestAsync(TypeUrls.Secret, ["public-only", "default/app-tls"], ackOf: certificateOnly);

        Assert.That(Resources.Names(certificateOnly), Is.EqualTo(new[] { "public-only" }));
        if (allow)
        {
            Assert.That(Resources.Names(await ads.NextAsync("the secret with its key")), Does.Contain("default/app-tls"));
            return;
        }

        var (status, message) = await ads.EndAsync();
        Assert.That(status, Is.EqualTo(7));
        Assert.That(message, Does.Contain("'default/app-tls' holds a private key").And.Contain("--allow-plaintext-secrets"));
    }

    [Test]
    public async Task PlaintextSecret_DeltaAndFetchAreRefusedToo()
    {
        await using var server = await TestXdsServer.StartAsync();
        server.Publish([XdsResource.Create(s_withKey)]);
        using var http = GrpcTestCall.CreateClient();
        await using var delta = await DeltaTestStream.OpenAsync(http, server.Address, XdsServices.AggregatedDelta);
        await delta.RequestAsync(TypeUrls.Secret, subscribe: ["default/app-tls"], node: DeltaTestStream.TestNode("d"));

        var (status, _) = await delta.EndAsync();
        var (_, fetched, _) = await GrpcClient.UnaryAsync(http, server.Address, "/envoy.service.secret.v3.SecretDiscoveryService/FetchSecrets",
            new Envoy.Service.Discovery.V3.DiscoveryRequest { Node = SotwTestStream.TestNode("f") }, Envoy.Service.Discovery.V3.DiscoveryResponse.Parser);

        Assert.That((status, fetched), Is.EqualTo(((int?)7, (int?)7)));
    }
}
