using System.Text.Json;
using XdsControlPlane.Sources.Documents;
using XdsControlPlane.Sources.Kubernetes.Api;

namespace XdsControlPlane.Sources.Tests.Kubernetes.Api;

/// <summary>API objects become the mappers' document nodes without what the control plane never reads.</summary>
public sealed class ApiObjectsTests
{
    [Test]
    public void ToNode_StripsManagedFieldsAndStatus_AndKeepsEverythingElse()
    {
        using var json = JsonDocument.Parse("""
            {"apiVersion":"v1","kind":"Service",
             "metadata":{"name":"web","namespace":"default","resourceVersion":"7","generation":3,"managedFields":[{"manager":"kubectl"}]},
             "spec":{"ports":[{"port":80}],"status":"not the top-level one"},"status":{"loadBalancer":{}}}
            """);

        var node = ApiObjects.ToNode(json.RootElement);

        var metadata = (MappingNode)node["metadata"]!;
        Assert.That(metadata["managedFields"], Is.Null);
        Assert.That(node["status"], Is.Null);
        Assert.That(((ScalarNode)((MappingNode)node["spec"]!)["status"]!).Text, Is.EqualTo("not the top-level one"));
        Assert.That(((ScalarNode)metadata["generation"]!).Kind, Is.EqualTo(ScalarKind.Number));
        Assert.That((ApiObjects.Key(json.RootElement), ApiObjects.ResourceVersion(json.RootElement), ApiObjects.Generation(json.RootElement)), Is.EqualTo(("default/web", "7", 3L)));
    }
}
