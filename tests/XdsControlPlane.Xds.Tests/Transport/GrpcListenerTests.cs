using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging.Abstractions;
using XdsControlPlane.Xds.Transport;

namespace XdsControlPlane.Xds.Tests.Transport;

/// <summary>
/// <see cref="GrpcListener"/> and <see cref="ClientCertificates"/>: the client certificate check of mutual TLS (chain and
/// clientAuth usage), and options they refuse.
/// </summary>
public sealed class GrpcListenerTests
{
    private X509Certificate2 _ca = null!;
    private X509Certificate2 _otherCa = null!;
    private X509Certificate2 _impostorCa = null!;
    private X509Certificate2 _intermediate = null!;
    private X509Certificate2 _leaf = null!;
    private X509Certificate2 _leafOfOtherCa = null!;
    private X509Certificate2 _leafOfImpostor = null!;
    private X509Certificate2 _leafOfIntermediate = null!;
    private X509Certificate2 _expiredLeaf = null!;
    private X509Certificate2 _selfSigned = null!;
    private X509Certificate2 _serverLeaf = null!;
    private X509Certificate2 _noUsageLeaf = null!;

    [OneTimeSetUp]
    public void CreateCertificates()
    {
        _ca = TestPki.CreateCa("xds client CA");
        _otherCa = TestPki.CreateCa("another CA");
        // Same name as the trusted CA, different key: only the signature can tell them apart.
        _impostorCa = TestPki.CreateCa("xds client CA");
        _intermediate = TestPki.CreateCa("xds client intermediate", issuer: _ca);
        _leaf = TestPki.IssueClient(_ca, "envoy");
        _leafOfOtherCa = TestPki.IssueClient(_otherCa, "envoy");
        _leafOfImpostor = TestPki.IssueClient(_impostorCa, "envoy");
        _leafOfIntermediate = TestPki.IssueClient(_intermediate, "envoy");
        _expiredLeaf = TestPki.IssueClient(_ca, "envoy", expired: true);
        _selfSigned = TestPki.SelfSignedClient("envoy");
        _serverLeaf = TestPki.IssueClient(_ca, "envoy", usage: TestPki.ServerAuth);
        _noUsageLeaf = TestPki.IssueClient(_ca, "envoy", usage: null);
    }

    [OneTimeTearDown]
    public void DisposeCertificates()
    {
        _ca.Dispose();
        _otherCa.Dispose();
        _impostorCa.Dispose();
        _intermediate.Dispose();
        _leaf.Dispose();
        _leafOfOtherCa.Dispose();
        _leafOfImpostor.Dispose();
        _leafOfIntermediate.Dispose();
        _expiredLeaf.Dispose();
        _selfSigned.Dispose();
        _serverLeaf.Dispose();
        _noUsageLeaf.Dispose();
    }

    private static IEnumerable<TestCaseData> ChainCases() =>
    [
        new TestCaseData("leaf", "ca", "", true).SetName("ChainsTo_AcceptsALeafOfTheTrustedCa"),
        new TestCaseData("leaf", "other,ca", "", true).SetName("ChainsTo_AcceptsALeafOfAnyCaInTheBundle"),
        new TestCaseData("intermediate-leaf", "ca", "intermediate", true).SetName("ChainsTo_AcceptsALeafOfAnIntermediateThePeerPresented"),
        new TestCaseData("leaf", "ca", "other", true).SetName("ChainsTo_IgnoresUnrelatedPresentedCertificates"),
        new TestCaseData("other-leaf", "ca", "", false).SetName("ChainsTo_RejectsALeafOfAnotherCa"),
        new TestCaseData("other-leaf", "ca", "other", false).SetName("ChainsTo_RejectsALeafWhoseRootOnlyThePeerPresented"),
        new TestCaseData("impostor-leaf", "ca", "", false).SetName("ChainsTo_RejectsALeafOfACaThatOnlySharesTheTrustedCasName"),
        new TestCaseData("intermediate-leaf", "ca", "", false).SetName("ChainsTo_RejectsALeafOfAnIntermediateThePeerDidNotPresent"),
        new TestCaseData("intermediate-leaf", "other", "intermediate", false).SetName("ChainsTo_RejectsALeafOfAnIntermediateOfAnUntrustedRoot"),
        new TestCaseData("expired", "ca", "", false).SetName("ChainsTo_RejectsAnExpiredLeafOfTheTrustedCa"),
        new TestCaseData("self-signed", "ca", "", false).SetName("ChainsTo_RejectsASelfSignedLeaf"),
        new TestCaseData("self-signed", "ca", "self-signed", false).SetName("ChainsTo_RejectsASelfSignedLeafThatPresentsItself"),
    ];

    [TestCaseSource(nameof(ChainCases))]
    public void ChainsToTrustsOnlyTheGivenCas(string certificate, string trusted, string presented, bool accepted)
    {
        var trustedCollection = Collection(trusted);
        var presentedCollection = presented.Length == 0 ? null : Collection(presented);

        Assert.That(GrpcListener.ChainsTo(Named(certificate), trustedCollection, presentedCollection), Is.EqualTo(accepted));
    }

    private static IEnumerable<TestCaseData> ClientCases() =>
    [
        new TestCaseData("leaf", null).SetName("Refusal_NoneForAClientAuthLeafOfTheClientCa"),
        new TestCaseData("no-usage-leaf", null).SetName("Refusal_NoneForALeafWithoutExtendedKeyUsage"),
        new TestCaseData("server-leaf", "usage").SetName("Refusal_UsageForAServerAuthOnlyLeafOfTheClientCa"),
        new TestCaseData("other-leaf", "untrusted").SetName("Refusal_UntrustedForALeafOfAnotherCa"),
        new TestCaseData("expired", "untrusted").SetName("Refusal_UntrustedForAnExpiredLeaf"),
        new TestCaseData(null, "missing").SetName("Refusal_MissingWithoutACertificate"),
    ];

    [TestCaseSource(nameof(ClientCases))]
    public void RefusalNeedsTheClientCaAndTheClientAuthUsage(string? certificate, string? reason)
    {
        var refusal = ClientCertificates.Refusal(certificate is null ? null : Named(certificate), [_ca], null);

        Assert.That(refusal?.Reason, Is.EqualTo(reason));
        if (reason == "usage")
        {
            Assert.That(refusal!.Value.Detail, Does.Contain("Server Authentication").And.Contain("clientAuth (1.3.6.1.5.5.7.3.2)"));
        }
    }

    [Test]
    public void Listen_RefusesAnAddressThatIsNotAnIp()
    {
        var error = Assert.Throws<ArgumentException>(() => GrpcListener.Listen(new KestrelServerOptions(), new GrpcServerOptions { Address = "localhost" }, null));

        Assert.That(error!.Message, Does.Contain("is not an IP address"));
    }

    private static IEnumerable<TestCaseData> RefusedOptions() =>
    [
        new TestCaseData(new GrpcServerOptions { ClientCaPath = "/nonexistent/ca.pem" }, "needs a server certificate")
            .SetName("LoadCredentials_RefusesAClientCaWithoutAServerCertificate"),
        new TestCaseData(new GrpcServerOptions { TlsCertificatePath = "/nonexistent/server.pem" }, "needs a key path")
            .SetName("LoadCredentials_RefusesACertificateWithoutAKey"),
    ];

    [TestCaseSource(nameof(RefusedOptions))]
    public void LoadCredentialsRefusesInconsistentOptions(GrpcServerOptions options, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => GrpcListener.LoadCredentials(options, NullLogger.Instance));

        Assert.That(error!.Message, Does.Contain(reason));
    }

    private X509Certificate2Collection Collection(string names) => [.. names.Split(',').Select(Named)];

    private X509Certificate2 Named(string name) => name switch
    {
        "ca" => _ca,
        "other" => _otherCa,
        "intermediate" => _intermediate,
        "leaf" => _leaf,
        "other-leaf" => _leafOfOtherCa,
        "impostor-leaf" => _leafOfImpostor,
        "intermediate-leaf" => _leafOfIntermediate,
        "expired" => _expiredLeaf,
        "self-signed" => _selfSigned,
        "server-leaf" => _serverLeaf,
        "no-usage-leaf" => _noUsageLeaf,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such test certificate"),
    };
}
