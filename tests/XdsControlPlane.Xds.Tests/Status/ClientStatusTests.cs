using Envoy.Admin.V3;
using Envoy.Config.Core.V3;
using Envoy.Service.Status.V3;
using Envoy.Type.Matcher.V3;
using Google.Protobuf;
using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Snapshots;
using XdsControlPlane.Xds.Status;
using XdsControlPlane.Xds.Tests.Support;
using TlsSecret = Envoy.Extensions.TransportSockets.Tls.V3.Secret;

namespace XdsControlPlane.Xds.Tests.Status;

/// <summary>CSDS (<c>envoy.service.status.v3</c>) on the xDS port, through the same transport as xDS.</summary>
public sealed class ClientStatusTests : ServerFixture
{
    private const string Key = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----";

    /// <summary>A test subscribes to a secret with a private key over h2c, which needs the operator's consent.</summary>
    protected override void Configure(XdsControlPlane.Xds.Transport.GrpcServerOptions options) => options.AllowPlaintextSecrets = true;

    private async Task<ClientStatusResponse> FetchAsync(ClientStatusRequest request)
    {
        var (response, status, message) = await GrpcClient.UnaryAsync(Http, Server.Address, ClientStatusService.FetchMethod, request, ClientStatusResponse.Parser);
        Assert.That((status, message), Is.EqualTo((0, (string?)null)), "CSDS fetch status");
        return response!;
    }

    private static ClientStatusRequest ForNode(string exact) => new() { NodeMatchers = { new NodeMatcher { NodeId = new StringMatcher { Exact = exact } } } };

    private static IEnumerable<XdsResource> Cluster(string name) =>
        [XdsResource.Create(Resources.Cluster(name)), XdsResource.Create(Resources.Endpoints(name, ("127.0.0.1", 1)))];

    [Test]
    public async Task Fetch_AckedCluster_IsSyncedAndAcked_WithTheResourceAndItsVersion()
    {
        Publish(Cluster("c1"));
        await using var ads = await OpenAds(TypeUrls.Cluster, nodeId: "csds-node");
        var cds = await ads.NextAsync("CDS");
        await AckAsync(ads, cds);
        await AssertNothingSentAsync(ads, "the ACK only");

        var response = await FetchAsync(ForNode("csds-node"));

        var config = response.Config.Single();
        var cluster = config.GenericXdsConfigs.Single(c => c.TypeUrl == TypeUrls.Cluster);
        Assert.Multiple(() =>
        {
            Assert.That(config.Node.Id, Is.EqualTo("csds-node"));
            Assert.That(config.Node.UserAgentName, Is.EqualTo("xds-test-client"));
            Assert.That(cluster.Name, Is.EqualTo("c1"));
            Assert.That(cluster.ConfigStatus, Is.EqualTo(ConfigStatus.Synced));
            Assert.That(cluster.ClientStatus, Is.EqualTo(ClientResourceStatus.Acked));
            Assert.That(cluster.VersionInfo, Is.EqualTo(Server.Store.Get("default")![TypeUrls.Cluster].ByName["c1"].Version));
            Assert.That(cluster.XdsConfig.Unpack<Envoy.Config.Cluster.V3.Cluster>().Name, Is.EqualTo("c1"));
            Assert.That(cluster.LastUpdated, Is.Not.Null);
        });
    }

    [Test]
    public async Task Fetch_NackedCluster_IsErrorAndNacked_WithTheClientsMessage()
    {
        Publish(Cluster("c1"));
        await using var ads = await OpenAds(TypeUrls.Cluster, nodeId: "nacker");
        var first = await ads.NextAsync("CDS");
        await AckAsync(ads, first);
        await AssertNothingSentAsync(ads, "the ACK only");
        Publish(Cluster("c1"), Cluster("c2"));
        var second = await ads.NextAsync("CDS with c2");
        await ads.NackAsync(second, first.VersionInfo, "unsupported lb_policy");
        await AssertNothingSentAsync(ads, "the NACK only");

        var entries = (await FetchAsync(ForNode("nacker"))).Config.Single().GenericXdsConfigs.Where(c => c.TypeUrl == TypeUrls.Cluster).ToArray();

        Assert.That(entries.Select(e => (e.Name, e.ConfigStatus, e.ClientStatus)), Is.EqualTo(new[]
        {
            ("c1", ConfigStatus.Synced, ClientResourceStatus.Acked),
            ("c2", ConfigStatus.Error, ClientResourceStatus.Nacked),
        }));
        Assert.Multiple(() =>
        {
            Assert.That(entries[1].ErrorState.Details, Is.EqualTo("unsupported lb_policy"));
            Assert.That(entries[1].ErrorState.VersionInfo, Is.EqualTo(Server.Store.Get("default")![TypeUrls.Cluster].ByName["c2"].Version));
            Assert.That(entries[1].ErrorState.LastUpdateAttempt, Is.Not.Null);
        });
    }

    [Test]
    public async Task Fetch_RequestedButNothingSent_IsNotSent()
    {
        await using var ads = await OpenAds(TypeUrls.ClusterLoadAssignment, ["missing"], nodeId: "waiting");
        Publish(Cluster("c1"));
        await AssertNothingSentAsync(ads, "EDS for a missing name");

        var eds = (await FetchAsync(ForNode("waiting"))).Config.Single().GenericXdsConfigs.Single(c => c.TypeUrl == TypeUrls.ClusterLoadAssignment);

        Assert.That((eds.ConfigStatus, eds.ClientStatus), Is.EqualTo((ConfigStatus.NotSent, ClientResourceStatus.Requested)));
    }

    [Test]
    public async Task Fetch_NodeMatchers_SelectNodes_AndNoneMeansAll()
    {
        Publish(Cluster("c1"));
        await using var a = await OpenAds(TypeUrls.Cluster, nodeId: "gw-a");
        await using var b = await OpenAds(TypeUrls.Cluster, nodeId: "gw-b");
        await using var c = await OpenAds(TypeUrls.Cluster, nodeId: "mesh-c");
        await a.NextAsync("CDS");
        await b.NextAsync("CDS");
        await c.NextAsync("CDS");

        var all = await FetchAsync(new ClientStatusRequest());
        var exact = await FetchAsync(ForNode("gw-b"));
        var prefix = await FetchAsync(new ClientStatusRequest { NodeMatchers = { new NodeMatcher { NodeId = new StringMatcher { Prefix = "gw-" } } } });
        var none = await FetchAsync(ForNode("nobody"));

        Assert.Multiple(() =>
        {
            Assert.That(all.Config.Select(x => x.Node.Id), Is.EqualTo(new[] { "gw-a", "gw-b", "mesh-c" }));
            Assert.That(exact.Config.Select(x => x.Node.Id), Is.EqualTo(new[] { "gw-b" }));
            Assert.That(prefix.Config.Select(x => x.Node.Id), Is.EqualTo(new[] { "gw-a", "gw-b" }));
            Assert.That(none.Config, Is.Empty);
        });
    }

    [Test]
    public async Task Fetch_MetadataMatchers_SelectNodesByTheirMetadata_AllOfThemAndAnyMatcher()
    {
        Publish(Cluster("c1"));
        await using var a = await OpenWithMetadata("gw-a", """{"team": "payments", "zone": {"name": "eu-1"}, "replicas": 3}""");
        await using var b = await OpenWithMetadata("gw-b", """{"team": "search", "zone": {"name": "us-1"}, "tags": ["canary", "edge"]}""");
        await using var c = await OpenWithMetadata("mesh-c", """{"team": "payments"}""");

        var payments = await FetchAsync(Where(Metadata(Value(s => s.StringMatch = new StringMatcher { Exact = "payments" }), "team")));
        var nested = await FetchAsync(Where(Metadata(Value(s => s.StringMatch = new StringMatcher { Prefix = "eu-" }), "zone", "name")));
        var both = await FetchAsync(Where(
            Metadata(Value(s => s.StringMatch = new StringMatcher { Exact = "payments" }), "team"),
            Metadata(Value(s => s.PresentMatch = true), "zone")));
        var noZone = await FetchAsync(Where(Metadata(Value(s => s.PresentMatch = false), "zone")));
        var canary = await FetchAsync(Where(Metadata(Value(s => s.ListMatch = new ListMatcher { OneOf = Value(v => v.StringMatch = new StringMatcher { Exact = "canary" }) }), "tags")));
        var range = await FetchAsync(Where(Metadata(Value(s => s.DoubleMatch = new DoubleMatcher { Range = new Envoy.Type.V3.DoubleRange { Start = 2, End = 4 } }), "replicas")));
        var anyMatcher = new ClientStatusRequest
        {
            NodeMatchers =
            {
                new NodeMatcher { NodeId = new StringMatcher { Exact = "mesh-c" } },
                new NodeMatcher { NodeMetadatas = { Metadata(Value(s => s.StringMatch = new StringMatcher { Exact = "search" }), "team") } },
            },
        };
        var either = await FetchAsync(anyMatcher);

        Assert.Multiple(() =>
        {
            Assert.That(payments.Config.Select(x => x.Node.Id), Is.EqualTo(new[] { "gw-a", "mesh-c" }));
            Assert.That(nested.Config.Select(x => x.Node.Id), Is.EqualTo(new[] { "gw-a" }), "a path into a nested struct");
            Assert.That(both.Config.Select(x => x.Node.Id), Is.EqualTo(new[] { "gw-a" }), "every node_metadatas entry must match");
            Assert.That(noZone.Config.Select(x => x.Node.Id), Is.EqualTo(new[] { "mesh-c" }), "present_match false selects nodes without the key");
            Assert.That(canary.Config.Select(x => x.Node.Id), Is.EqualTo(new[] { "gw-b" }), "list_match: any element");
            Assert.That(range.Config.Select(x => x.Node.Id), Is.EqualTo(new[] { "gw-a" }), "double range [2, 4)");
            Assert.That(either.Config.Select(x => x.Node.Id), Is.EqualTo(new[] { "gw-b", "mesh-c" }), "any of the node matchers");
        });

        static ClientStatusRequest Where(params StructMatcher[] metadata) => new() { NodeMatchers = { new NodeMatcher { NodeMetadatas = { metadata } } } };
    }

    private static IEnumerable<TestCaseData> InvalidMetadataMatchers()
    {
        yield return new TestCaseData(new StructMatcher { Value = Value(s => s.PresentMatch = true) }, "node_matchers[0].node_metadatas[0].path")
            .SetName("Fetch_MetadataMatcherWithoutPath_IsInvalidArgumentNamingTheField");
        yield return new TestCaseData(Metadata(new ValueMatcher(), "team"), "node_matchers[0].node_metadatas[0].value")
            .SetName("Fetch_MetadataMatcherWithoutPattern_IsInvalidArgumentNamingTheField");
        yield return new TestCaseData(Metadata(Value(s => s.OrMatch = new OrMatcher { ValueMatchers = { Value(v => v.BoolMatch = true) } }), "team"),
            "node_matchers[0].node_metadatas[0].value.or_match.value_matchers").SetName("Fetch_OrMatcherOfOne_IsInvalidArgumentNamingTheField");
    }

    [TestCaseSource(nameof(InvalidMetadataMatchers))]
    public async Task Fetch_InvalidMetadataMatcher_IsRejected(StructMatcher matcher, string field)
    {
        var (_, status, message) = await GrpcClient.UnaryAsync(Http, Server.Address, ClientStatusService.FetchMethod,
            new ClientStatusRequest { NodeMatchers = { new NodeMatcher { NodeMetadatas = { matcher } } } }, ClientStatusResponse.Parser);

        Assert.That(status, Is.EqualTo(3));
        Assert.That(message, Does.StartWith(field + ":"));
    }

    private async Task<SotwTestStream> OpenWithMetadata(string nodeId, string metadataJson)
    {
        var node = SotwTestStream.TestNode(nodeId);
        node.Metadata = Google.Protobuf.WellKnownTypes.Struct.Parser.ParseJson(metadataJson);
        var ads = await OpenAds();
        await ads.RequestAsync(TypeUrls.Cluster, node: node);
        await ads.NextAsync("CDS");
        return ads;
    }

    private static StructMatcher Metadata(ValueMatcher value, params string[] path)
    {
        var matcher = new StructMatcher { Value = value };
        matcher.Path.AddRange(path.Select(key => new StructMatcher.Types.PathSegment { Key = key }));
        return matcher;
    }

    private static ValueMatcher Value(Action<ValueMatcher> set)
    {
        var matcher = new ValueMatcher();
        set(matcher);
        return matcher;
    }

    [Test]
    public async Task Secrets_AreShownWithoutTheirPrivateKey()
    {
        var secret = new TlsSecret
        {
            Name = "default/tls",
            TlsCertificate = new Envoy.Extensions.TransportSockets.Tls.V3.TlsCertificate
            {
                CertificateChain = new DataSource { InlineString = "-----BEGIN CERTIFICATE-----" },
                PrivateKey = new DataSource { InlineBytes = ByteString.CopyFromUtf8(Key) },
            },
        };
        Server.Publish([XdsResource.Create(secret)]);
        await using var ads = await OpenAds(TypeUrls.Secret, ["default/tls"], nodeId: "tls-node");
        await AckAsync(ads, await ads.NextAsync("SDS"), ["default/tls"]);

        var response = await FetchAsync(ForNode("tls-node"));

        var shown = response.Config.Single().GenericXdsConfigs.Single(c => c.TypeUrl == TypeUrls.Secret).XdsConfig.Unpack<TlsSecret>();
        Assert.Multiple(() =>
        {
            Assert.That(shown.TlsCertificate.CertificateChain.InlineString, Is.EqualTo("-----BEGIN CERTIFICATE-----"));
            Assert.That(shown.TlsCertificate.PrivateKey, Is.Null);
            Assert.That(response.ToByteArray().AsSpan().IndexOf("MIIEvQ"u8), Is.EqualTo(-1));
            Assert.That(((TlsSecret)Server.Store.Get("default")![TypeUrls.Secret].ByName["default/tls"].Message).TlsCertificate.PrivateKey, Is.Not.Null,
                "the shared resource is not touched");
        });
    }

    [Test]
    public async Task Stream_AnswersEveryRequest()
    {
        Publish(Cluster("c1"));
        await using var ads = await OpenAds(TypeUrls.Cluster, nodeId: "streamed");
        await ads.NextAsync("CDS");
        await using var call = await GrpcTestCall.StartAsync(Http, Server.Address, ClientStatusService.StreamMethod);

        await call.SendAsync(ForNode("streamed"));
        var first = await call.ReadAsync(ClientStatusResponse.Parser);
        await call.SendAsync(new ClientStatusRequest { ExcludeResourceContents = true });
        var second = await call.ReadAsync(ClientStatusResponse.Parser);
        call.CompleteRequest();

        Assert.Multiple(async () =>
        {
            Assert.That(first!.Config.Single().Node.Id, Is.EqualTo("streamed"));
            Assert.That(first.Config.Single().GenericXdsConfigs.Single(c => c.TypeUrl == TypeUrls.Cluster).ConfigStatus, Is.EqualTo(ConfigStatus.Stale));
            Assert.That(second!.Config.SelectMany(c => c.GenericXdsConfigs).All(g => g.XdsConfig is null), Is.True, "exclude_resource_contents");
            Assert.That(await call.ReadToEndAsync(), Is.EqualTo(((int?)0, (string?)null)));
        });
    }
}
