using Google.Protobuf;
using XdsControlPlane.Compiler.Validation;

namespace XdsControlPlane.Compiler.Tests.Validation;

/// <summary>Realistic, valid resources must not produce a single violation (no false NACK predictions).</summary>
public sealed class ValidResourcesTests
{
    private static IEnumerable<TestCaseData> Valid()
    {
        yield return new TestCaseData(RealisticResources.Cluster()).SetName("Valid_EdsClusterWithTlsHealthCheckAndProtocolOptions");
        yield return new TestCaseData(RealisticResources.StaticCluster()).SetName("Valid_StaticClusterWithInlineEndpoints");
        yield return new TestCaseData(RealisticResources.Endpoints()).SetName("Valid_ClusterLoadAssignment");
        yield return new TestCaseData(RealisticResources.Routes()).SetName("Valid_RouteConfigurationWithHeadersSplitAndDirectResponse");
        yield return new TestCaseData(RealisticResources.Listener()).SetName("Valid_ListenerWithPackedHttpConnectionManager");
        yield return new TestCaseData(RealisticResources.HttpConnectionManager()).SetName("Valid_HttpConnectionManager");
    }

    [TestCaseSource(nameof(Valid))]
    public void HasNoViolations(IMessage resource)
    {
        var violations = ProtoConstraints.Envoy.Check(resource);

        Assert.That(violations, Is.Empty, string.Join("\n", violations));
    }
}
