using XdsControlPlane.Model.Policies;
using XdsControlPlane.Model.Validation;

namespace XdsControlPlane.Model.Tests;

/// <summary>The validators work on records from any source (manifests, the API, the policy store).</summary>
public sealed class ModelValidationTests
{
    private static readonly ObjectRef _policyRef = new("XdsPolicy", "shop", "p");

    [Test]
    public void APolicyRecord_GetsEveryErrorWithItsSchemaPath()
    {
        var policy = new PolicyModel(_policyRef, 1, new PolicyTarget("Pod", "shop", "", null), new PolicySpec
        {
            Retry = new RetryPolicy(0, TimeSpan.Zero, ["5xx"], [], null, null),
            LoadBalancer = new LoadBalancerPolicy("Maglev", [new HashKey("Cookie", null, TimeSpan.FromSeconds(-1))], false),
            Jwt = new JwtPolicy([new JwtProvider("a", "iss", [], null, "https://idp/jwks", new BackendRef("Service", "shop", "idp", null, 1), null)], true),
        });

        var errors = ModelValidation.Validate(policy);

        Assert.That(errors.Select(e => e.Field).Order(StringComparer.Ordinal), Is.EqualTo(new[]
        {
            "spec.jwt.providers[0].jwks.backendRef.port",
            "spec.loadBalancer.hashOn[0].cookie.name",
            "spec.loadBalancer.hashOn[0].cookie.ttl",
            "spec.retry.attempts",
            "spec.retry.perTryTimeout",
            "spec.targetRef.kind",
            "spec.targetRef.name",
        }));
        Assert.That(errors.All(e => e.Object == _policyRef && e.Severity == ModelErrorSeverity.Error));
    }

    [Test]
    public void ARouteRecord_GetsStructuralErrors()
    {
        var route = new HttpRouteModel(new ObjectRef("HTTPRoute", "shop", "r"), 1, null, [new ParentRef("Gateway", "shop", "gw", null, null)], ["*.ok.example"],
        [
            new RouteRule(null, [new RouteMatch(new PathMatch("PathPrefix", "/"), [], [], null, null)], [],
                [new BackendRef("Service", "shop", "a", 80, 1), new BackendRef("Service", "shop", "b", 80, 1_000_001)], null, null),
        ]);

        Assert.That(ModelValidation.Validate(route).Select(e => e.ToString()), Is.EqualTo(new[]
        {
            "HTTPRoute shop/r: spec.rules[0].backendRefs[1].weight: must be between 0 and 1000000, got 1000001",
        }));
    }

    [Test]
    public void AReferenceGrantRecord_GetsEveryErrorWithItsPath()
    {
        var grant = new ReferenceGrantModel(new ObjectRef("ReferenceGrant", "backends", "g"),
            [new ReferenceGrantFrom("gateway.networking.k8s.io", "HTTPRoute", "shop"), new ReferenceGrantFrom("Bad_Group", "", "Not-A-Namespace")],
            [new ReferenceGrantTo("", "Service", ""), new ReferenceGrantTo("", "Secret", null)]);

        Assert.That(ModelValidation.Validate(grant).Select(e => $"{e.Field}: {e.Message}").Order(StringComparer.Ordinal), Is.EqualTo(new[]
        {
            "spec.from[1].group: 'Bad_Group' is not an API group (empty for the core group, else a DNS subdomain)",
            "spec.from[1].kind: is required",
            "spec.from[1].namespace: 'Not-A-Namespace' is not a valid namespace name",
            "spec.to[0].name: must not be empty when set (leave it out to allow every object of the kind)",
        }));
    }

    [Test]
    public void AValidReferenceGrantRecord_HasNoErrors() => Assert.That(ModelValidation.Validate(new ReferenceGrantModel(
        new ObjectRef("ReferenceGrant", "certs", "g"), [new ReferenceGrantFrom("gateway.networking.k8s.io", "Gateway", "edge")], [new ReferenceGrantTo("", "Secret", null)])), Is.Empty);

    [Test]
    public void AnErrorAboutAWholeObject_PrintsWithoutAField() =>
        Assert.That(new ModelError(new ObjectRef("File", "", "a.yaml"), "", "broken").ToString(), Is.EqualTo("File a.yaml: broken"));

    [TestCase("example.com/gateway-controller", true)]
    [TestCase("gateway.networking.k8s.io/gateway-controller", true)]
    [TestCase("a.b/c/d~e", true)]
    [TestCase("", false)]
    [TestCase("example.com", false)]
    [TestCase("example.com/", false)]
    [TestCase("Example.com/x", false)]
    [TestCase("/x", false)]
    public void GatewayClass_ControllerName_IsADomainPrefixedPath(string controllerName, bool valid)
    {
        var errors = ModelValidation.Validate(new GatewayClassModel(new ObjectRef("GatewayClass", "", "c"), 1, controllerName));

        Assert.That(errors.Select(e => e.Field), valid ? Is.Empty : Is.EqualTo(new[] { "spec.controllerName" }));
    }
}
