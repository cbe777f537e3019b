using XdsControlPlane.Model.Policies;

namespace XdsControlPlane.Model.Tests;

/// <summary>Value equality and content hashing of the model context.</summary>
public sealed class ModelContextTests
{
    private static ServiceModel Service(string name, int port = 80) =>
        new(new ObjectRef("Service", "default", name), [new ServicePort("http", port, 8080, "TCP", null)]);

    private static HttpRouteModel Route(string name, string backend, int weight = 1) => new(
        new ObjectRef("HTTPRoute", "default", name), 1, null,
        [new ParentRef("Gateway", "default", "gw", null, null)],
        ["example.com"],
        [new RouteRule(null, [new RouteMatch(new PathMatch("PathPrefix", "/"), [], [], null, null)], [],
            [new BackendRef("Service", "default", backend, 80, weight)], null, null)]);

    private static ModelContext Model(IEnumerable<ServiceModel> services, IEnumerable<HttpRouteModel> routes, long generation = 0) =>
        ModelContext.Create(services, [], [], [], routes, [], [], [], generation);

    [Test]
    public void NoGatewayClasses_KeepTheHashOfAModelCreatedWithoutThem_AndClassesChangeIt()
    {
        var without = Model([Service("x")], [Route("r", "x")]);
        var empty = ModelContext.Create([Service("x")], [], [], [], [Route("r", "x")], [], [], [], gatewayClasses: []);
        GatewayClassModel Class(string controller) => new(new ObjectRef("GatewayClass", "", "xds"), 1, controller);
        var with = ModelContext.Create([Service("x")], [], [], [], [Route("r", "x")], [], [], [], gatewayClasses: [Class("example.com/a")]);
        var other = ModelContext.Create([Service("x")], [], [], [], [Route("r", "x")], [], [], [], gatewayClasses: [Class("example.com/b")]);

        Assert.That(empty.ContentHash, Is.EqualTo(without.ContentHash));
        Assert.That(with.ContentHash, Is.Not.EqualTo(without.ContentHash));
        Assert.That(other.ContentHash, Is.Not.EqualTo(with.ContentHash));
        Assert.That(with.WithPolicies([], [], 2).GatewayClasses, Is.EqualTo(with.GatewayClasses), "a second source keeps the classes");
    }

    [Test]
    public void GatewayClasses_AreSortedByName()
    {
        GatewayClassModel Class(string name) => new(new ObjectRef("GatewayClass", "", name), 1, "example.com/c");
        var model = ModelContext.Create([], [], [], [], [], [], [], [], gatewayClasses: [Class("b"), Class("a")]);

        Assert.That(model.GatewayClasses.Select(c => c.Ref.Name), Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public void RecordsWithCollectionsCompareByContent()
    {
        var (first, second) = (Route("r", "a"), Route("r", "a"));
        Assert.That(second, Is.Not.SameAs(first));
        Assert.That(second, Is.EqualTo(first));
        Assert.That(second.GetHashCode(), Is.EqualTo(first.GetHashCode()));
        Assert.That(Route("r", "a", weight: 2), Is.Not.EqualTo(first));
        var (s1, s2) = (Service("s"), Service("s"));
        Assert.That(s2, Is.EqualTo(s1));
    }

    [Test]
    public void EqualInputsInAnyOrderGiveEqualHashes()
    {
        var a = Model([Service("x"), Service("y")], [Route("r1", "x"), Route("r2", "y")]);
        var b = Model([Service("y"), Service("x")], [Route("r2", "y"), Route("r1", "x")], generation: 7);

        Assert.That(b.ContentHash, Is.EqualTo(a.ContentHash));
        Assert.That(b, Is.EqualTo(a), "the generation is not content");
        Assert.That(b.Services.Select(s => s.Ref.Name), Is.EqualTo(new[] { "x", "y" }));
    }

    [Test]
    public void AnyChangeChangesTheHash()
    {
        var baseline = Model([Service("x")], [Route("r1", "x")]);

        Assert.That(Model([Service("x", 81)], [Route("r1", "x")]).ContentHash, Is.Not.EqualTo(baseline.ContentHash));
        Assert.That(Model([Service("x")], [Route("r1", "x", weight: 3)]).ContentHash, Is.Not.EqualTo(baseline.ContentHash));
        Assert.That(Model([Service("x")], []).ContentHash, Is.Not.EqualTo(baseline.ContentHash));
    }

    [Test]
    public void AModelReusingInstances_HashesLikeAFreshlyBuiltEqualModel()
    {
        // Item hashes are cached per instance; reusing unchanged instances must give the hash a fresh build gives.
        var services = new[] { Service("x"), Service("y") };
        var before = Model(services, [Route("r1", "x")]);
        _ = before.ContentHash;
        var reused = Model([services[0], Service("y", 81)], [before.Routes[0]]);
        var fresh = Model([Service("x"), Service("y", 81)], [Route("r1", "x")]);

        Assert.Multiple(() =>
        {
            Assert.That(reused.ContentHash, Is.EqualTo(fresh.ContentHash));
            Assert.That(reused.ContentHash, Is.Not.EqualTo(before.ContentHash));
        });
    }

    [Test]
    public void ACollectionPassedOnFromThePreviousModel_IsKept_AndAnUnsortedOneIsSorted()
    {
        var previous = Model([Service("b"), Service("a")], []);
        var unsorted = new EquatableArray<ServiceModel>([Service("z"), Service("y")]);

        var next = ModelContext.Create(previous.Services, [], [], [], [], [], [], []);
        var other = ModelContext.Create(unsorted, [], [], [], [], [], [], []);

        Assert.Multiple(() =>
        {
            Assert.That(next.Services.Items == previous.Services.Items, Is.True, "the same array, so comparing and hashing it is free");
            Assert.That(other.Services.Select(s => s.Ref.Name), Is.EqualTo(new[] { "y", "z" }));
            Assert.That(next.ContentHash, Is.EqualTo(Model([Service("a"), Service("b")], []).ContentHash));
        });
    }

    [Test]
    public void WithPolicies_EqualsAModelCreatedWithEverything_AndRecomputesTheHash()
    {
        static PolicyModel Policy(string name) => new(new ObjectRef("XdsPolicy", "default", name), 1,
            new PolicyTarget("Service", "default", "x", null), new PolicySpec { Timeout = new TimeoutPolicy(TimeSpan.FromSeconds(1), null) });
        var error = new ModelError(new ObjectRef("XdsPolicy", "default", "bad"), "spec", "invalid");
        var manifests = ModelContext.Create([Service("x")], [], [], [], [], [Policy("b")], [], []);
        _ = manifests.ContentHash;

        var merged = manifests.WithPolicies([Policy("c"), Policy("a")], [error], generation: 5);
        var expected = ModelContext.Create([Service("x")], [], [], [], [], [Policy("a"), Policy("b"), Policy("c")], [error], []);

        Assert.That(merged.ContentHash, Is.EqualTo(expected.ContentHash));
        Assert.That(merged.ContentHash, Is.Not.EqualTo(manifests.ContentHash), "the cached hash of the original is not carried over");
        Assert.That(merged.Policies.Select(p => p.Ref.Name), Is.EqualTo(new[] { "a", "b", "c" }));
        Assert.That(merged.Generation, Is.EqualTo(5));
    }

    [Test]
    public void TheHashIsStableAcrossProcesses()
    {
        // Pinned: the hash must not depend on the process (string hashing, dictionary order, culture).
        // (Changed once on purpose, when item hashes became cached per instance.)
        Assert.That(ModelContext.Empty.ContentHash, Is.EqualTo("32d5eeb0f2017aff"));
        Assert.That(Model([Service("x")], []).ContentHash, Is.EqualTo("b1d536f86642baeb"));
    }

    [Test]
    public void ReferenceGrants_CountInTheHashOnlyWhenPresent_AndAreSortedAndCompareByContent()
    {
        static ReferenceGrantModel Grant(string ns, string name, string? to = null) => new(new ObjectRef("ReferenceGrant", ns, name),
            [new ReferenceGrantFrom("gateway.networking.k8s.io", "HTTPRoute", "shop")], [new ReferenceGrantTo("", "Service", to)]);
        var without = Model([Service("x")], []);
        ModelContext With(params ReferenceGrantModel[] grants) =>
            ModelContext.Create([Service("x")], [], [], [], [], [], [], [], referenceGrants: grants);

        Assert.That(With().ContentHash, Is.EqualTo(without.ContentHash).And.EqualTo("b1d536f86642baeb"), "no grants: the hash a model had before grants existed");
        Assert.That(With(Grant("b", "g")).ContentHash, Is.Not.EqualTo(without.ContentHash));
        Assert.That(With(Grant("b", "g", to: "db")).ContentHash, Is.Not.EqualTo(With(Grant("b", "g")).ContentHash));
        Assert.That(With(Grant("b", "g"), Grant("a", "g")), Is.EqualTo(With(Grant("a", "g"), Grant("b", "g"))));
        Assert.That(With(Grant("b", "g"), Grant("a", "g")).ReferenceGrants.Select(g => g.Ref.Namespace), Is.EqualTo(new[] { "a", "b" }));
        var (first, second) = (Grant("a", "g"), Grant("a", "g"));
        Assert.That(second, Is.EqualTo(first).And.Not.SameAs(first), "grants compare by content, their lists included");
        Assert.That(without.WithPolicies([], [], 2).ReferenceGrants, Is.Empty);
        Assert.That(With(Grant("a", "g")).WithPolicies([], [], 2).ReferenceGrants.Count, Is.EqualTo(1), "merging store policies keeps the grants");
    }

    [Test]
    public void WithGenerationKeepsTheContentHash()
    {
        var model = Model([Service("x")], []);
        var next = model with { Generation = 42 };

        Assert.That(next.ContentHash, Is.EqualTo(model.ContentHash));
        Assert.That(next.Generation, Is.EqualTo(42));
    }

    [Test]
    public void SecretsNeverPrintTheirKey()
    {
        var secret = new TlsSecretModel(new ObjectRef("Secret", "default", "tls"), "-----BEGIN CERTIFICATE-----", "-----BEGIN PRIVATE KEY-----secret", null);

        Assert.That(secret.ToString(), Does.Not.Contain("PRIVATE KEY"));
        Assert.That(secret.ToString(), Does.Contain("key redacted"));
    }

    [Test]
    public void PolicySpecsCompareByContent()
    {
        PolicySpec Spec() => new() { Retry = new RetryPolicy(3, TimeSpan.FromSeconds(1), ["5xx", "reset"], [503], null, null) };

        var spec = Spec();
        Assert.That(Spec(), Is.EqualTo(spec));
        Assert.That(Spec() with { Fault = new FaultPolicy(null, null, 50, 503, null) }, Is.Not.EqualTo(Spec()));
    }
}
