using Envoy.Service.Status.V3;
using Envoy.Type.Matcher.V3;
using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Snapshots;
using XdsControlPlane.Xds.Status;
using XdsControlPlane.Xds.Tests.Support;

namespace XdsControlPlane.Xds.Tests.Status;

/// <summary>
/// CSDS <c>safe_regex</c> node matchers are RE2, matched in linear time (issue 10 D8): a pattern that makes a
/// backtracking engine run for ever answers like any other, and a pattern RE2 would refuse is INVALID_ARGUMENT
/// naming the field.
/// </summary>
public sealed class SafeRegexMatchingTests : ServerFixture
{
    private async Task<(int? Status, string? Message, ClientStatusResponse? Response)> FetchAsync(ClientStatusRequest request)
    {
        var (response, status, message) = await GrpcClient.UnaryAsync(Http, Server.Address, ClientStatusService.FetchMethod, request, ClientStatusResponse.Parser);
        return (status, message, response);
    }

    private static ClientStatusRequest NodeIdRegex(string regex) =>
        new() { NodeMatchers = { new NodeMatcher { NodeId = new StringMatcher { SafeRegex = new RegexMatcher { Regex = regex } } } } };

    [Test]
    public async Task NestedQuantifier_Against40Nodes_AnswersWithTheMatchingNodes()
    {
        Publish([XdsResource.Create(Resources.Cluster("c1")), XdsResource.Create(Resources.Endpoints("c1", ("127.0.0.1", 1)))]);
        var streams = new List<SotwTestStream>();
        try
        {
            for (var i = 0; i < 40; i++)
            {
                // 30 a's then no b: a backtracking engine tries 2^30 ways to split them before giving up.
                var nodeId = new string('a', 30) + (i % 10 == 0 ? "b" : "c") + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture);
                var stream = await OpenAds(TypeUrls.Cluster, nodeId: nodeId);
                streams.Add(stream);
                await stream.NextAsync("CDS for " + nodeId);
            }

            var (status, message, response) = await FetchAsync(NodeIdRegex("(a+)+b[0-9]+"));

            Assert.That((status, message), Is.EqualTo(((int?)0, (string?)null)));
            Assert.That(response!.Config.Select(c => c.Node.Id), Is.EqualTo(new[] { 0, 10, 20, 30 }.Select(i => new string('a', 30) + "b" + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture))));
        }
        finally
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync();
            }
        }
    }

    private static IEnumerable<TestCaseData> Refused()
    {
        yield return new TestCaseData(NodeIdRegex("(a)\\1"), "node_matchers[0].node_id.safe_regex.regex").SetName("a backreference is INVALID_ARGUMENT");
        yield return new TestCaseData(NodeIdRegex("(?=a)a"), "node_matchers[0].node_id.safe_regex.regex").SetName("lookahead is INVALID_ARGUMENT");
        yield return new TestCaseData(NodeIdRegex("(?>a+)b"), "node_matchers[0].node_id.safe_regex.regex").SetName("an atomic group is INVALID_ARGUMENT");
        yield return new TestCaseData(NodeIdRegex("(unclosed"), "node_matchers[0].node_id.safe_regex.regex").SetName("an unbalanced group is INVALID_ARGUMENT");
        yield return new TestCaseData(NodeIdRegex(new string('a', StringMatching.MaxPatternLength + 1)), "node_matchers[0].node_id.safe_regex.regex")
            .SetName("an over-long pattern is INVALID_ARGUMENT");
        yield return new TestCaseData(new ClientStatusRequest
        {
            NodeMatchers =
            {
                new NodeMatcher { NodeId = new StringMatcher { Exact = "x" } },
                new NodeMatcher
                {
                    NodeMetadatas =
                    {
                        new StructMatcher
                        {
                            Path = { new StructMatcher.Types.PathSegment { Key = "gateway" } },
                            Value = new ValueMatcher { StringMatch = new StringMatcher { SafeRegex = new RegexMatcher { Regex = "(?<!a)b" } } },
                        },
                    },
                },
            },
        }, "node_matchers[1].node_metadatas[0].value.string_match.safe_regex.regex").SetName("lookbehind in a metadata matcher is INVALID_ARGUMENT");
    }

    [TestCaseSource(nameof(Refused))]
    public async Task NotRe2_IsInvalidArgumentNamingTheField(ClientStatusRequest request, string field)
    {
        await using var node = await OpenAds(TypeUrls.Cluster, nodeId: "aab");

        var (status, message, _) = await FetchAsync(request);

        Assert.That(status, Is.EqualTo(3), message);
        Assert.That(message, Does.StartWith(field + ":"));
    }
}
