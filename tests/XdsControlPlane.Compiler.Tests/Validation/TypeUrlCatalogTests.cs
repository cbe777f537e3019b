using Envoy.Extensions.Filters.Http.Router.V3;
using XdsControlPlane.Compiler.Validation;

namespace XdsControlPlane.Compiler.Tests.Validation;

/// <summary>Whether a typed extension config names a message the Envoy API defines.</summary>
public sealed class TypeUrlCatalogTests
{
    private static IEnumerable<TestCaseData> Urls()
    {
        yield return Case("RouterFilter_Known", "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router", true);
        yield return Case("HttpConnectionManager_Known", "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager", true);
        yield return Case("NestedMessage_Known", "type.googleapis.com/envoy.config.cluster.v3.Cluster.CommonLbConfig", true);
        yield return Case("OtherPrefix_KnownAsEnvoyReadsTheNameAfterTheLastSlash", "example.com/types/envoy.extensions.filters.http.router.v3.Router", true);
        yield return Case("MadeUpType_Unknown", "type.googleapis.com/envoy.extensions.filters.http.made_up.v3.MadeUp", false);
        yield return Case("V2Name_Unknown", "type.googleapis.com/envoy.config.filter.http.router.v2.Router", false);
        yield return Case("NoSlash_Unknown", "envoy.extensions.filters.http.router.v3.Router", false);
        yield return Case("TrailingSlash_Unknown", "type.googleapis.com/", false);
        yield return Case("Empty_Unknown", string.Empty, false);
        yield return Case("Enum_Unknown", "type.googleapis.com/envoy.config.core.v3.RoutingPriority", false);
    }

    [TestCaseSource(nameof(Urls))]
    public void IsKnown(string typeUrl, bool known) => Assert.That(TypeUrlCatalog.Envoy.IsKnown(typeUrl), Is.EqualTo(known));

    [Test]
    public void FindsTheDescriptorAndBuildsTheUrlBack()
    {
        var url = TypeUrlCatalog.TypeUrlOf(Router.Descriptor);

        Assert.That(url, Is.EqualTo("type.googleapis.com/envoy.extensions.filters.http.router.v3.Router"));
        Assert.That(TypeUrlCatalog.Envoy.Find(url), Is.SameAs(Router.Descriptor));
        Assert.That(TypeUrlCatalog.Envoy.Find("type.googleapis.com/x.Y"), Is.Null);
    }

    private static TestCaseData Case(string name, string typeUrl, bool known) => new TestCaseData(typeUrl, known).SetName(name);
}
