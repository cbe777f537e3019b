using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using XdsControlPlane.Diagnostics;

namespace XdsControlPlane.Tests.Diagnostics;

public sealed class EnvoyJsonTests
{
    private const string Key = "-----BEGIN PRIVATE KEY-----\nMIIEsecret\n-----END PRIVATE KEY-----";

    [Test]
    public void Secret_PrivateKeyIsRedacted_CertificateKept()
    {
        var secret = new Secret
        {
            Name = "default/tls",
            TlsCertificate = new TlsCertificate
            {
                CertificateChain = new DataSource { InlineString = "-----BEGIN CERTIFICATE-----" },
                PrivateKey = new DataSource { InlineBytes = ByteString.CopyFromUtf8(Key) },
            },
        };

        var json = EnvoyJson.ToJson(secret);
        var text = json.ToJsonString();

        Assert.Multiple(() =>
        {
            Assert.That((string?)json["@type"], Is.EqualTo("type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret"));
            Assert.That((string?)json["tlsCertificate"]!["privateKey"], Is.EqualTo(EnvoyJson.Redacted));
            Assert.That((string?)json["tlsCertificate"]!["certificateChain"]!["inlineString"], Is.EqualTo("-----BEGIN CERTIFICATE-----"));
            Assert.That(text, Does.Not.Contain("MIIE").And.Not.Contain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Key))[..20]));
        });
    }

    [Test]
    public void InlineKeyInsideAnExpandedAny_IsRedacted()
    {
        var tls = new UpstreamTlsContext
        {
            CommonTlsContext = new CommonTlsContext
            {
                TlsCertificates = { new TlsCertificate { PrivateKey = new DataSource { InlineString = Key }, Password = new DataSource { InlineString = "hunter2" } } },
            },
        };
        var cluster = new Cluster
        {
            Name = "default/echo:50051",
            TransportSocket = new TransportSocket { Name = "envoy.transport_sockets.tls", TypedConfig = Any.Pack(tls) },
        };

        var text = EnvoyJson.ToJson(cluster).ToJsonString();

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("default/echo:50051").And.Contain("UpstreamTlsContext"));
            Assert.That(text, Does.Not.Contain("PRIVATE KEY").And.Not.Contain("hunter2"));
        });
    }
}
