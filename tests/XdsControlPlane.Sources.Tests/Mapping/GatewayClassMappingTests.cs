using XdsControlPlane.Model;

namespace XdsControlPlane.Sources.Tests.Mapping;

/// <summary>GatewayClass mapping: cluster-scoped identity, and errors that name the object and the field.</summary>
public sealed class GatewayClassMappingTests
{
    private static IEnumerable<TestCaseData> InvalidSpecs()
    {
        TestCaseData Case(string name, string spec, string message) => new TestCaseData(spec, message).SetName(name);

        yield return Case("missing controllerName", "{description: nothing else}", "is required");
        yield return Case("empty controllerName", "{controllerName: ''}", "is required");
        yield return Case("controllerName that is not a string", "{controllerName: {name: x}}", "must be a string");
        yield return Case("controllerName without a path", "{controllerName: example.com}", "is not a domain-prefixed path");
        yield return Case("controllerName with an invalid domain", "{controllerName: Example_Com/gateway}", "is not a domain-prefixed path");
    }

    [Test]
    public void GatewayClass_IsClusterScoped_AndKeepsItsControllerName()
    {
        var mapped = Assets.Map("""
            apiVersion: gateway.networking.k8s.io/v1
            kind: GatewayClass
            metadata: {name: edge, namespace: ignored, generation: 4}
            spec: {controllerName: example.com/edge-controller}
            """);

        Assert.That(mapped.Errors, Is.Empty, Assets.Describe(mapped.Errors));
        Assert.That(mapped.Value, Is.EqualTo(new GatewayClassModel(new ObjectRef("GatewayClass", "", "edge"), 4, "example.com/edge-controller")));
    }

    [TestCaseSource(nameof(InvalidSpecs))]
    public void BadControllerName_DropsTheClass_WithAnErrorNamingObjectAndField(string spec, string message)
    {
        var mapped = Assets.Map($"""
            apiVersion: gateway.networking.k8s.io/v1
            kind: GatewayClass
            metadata: {"{"}name: edge{"}"}
            spec: {spec}
            """);

        Assert.That(mapped.Value, Is.Null);
        var error = mapped.Errors.Single();
        Assert.That((error.Object, error.Field, error.Severity), Is.EqualTo((new ObjectRef("GatewayClass", "", "edge"), "spec.controllerName", ModelErrorSeverity.Error)));
        Assert.That(error.Message, Does.StartWith(message).Or.Contains("' " + message));
    }

    [Test]
    public void MissingControllerName_ReadsAsTheFieldIsRequired()
    {
        var mapped = Assets.Map("""
            apiVersion: gateway.networking.k8s.io/v1
            kind: GatewayClass
            metadata: {name: edge}
            spec: {}
            """);

        Assert.That(mapped.Errors.Single().ToString(), Does.StartWith("GatewayClass edge: spec.controllerName: is required"));
    }
}
