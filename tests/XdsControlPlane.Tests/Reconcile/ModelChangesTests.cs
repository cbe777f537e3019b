using XdsControlPlane.Model;
using XdsControlPlane.Reconcile;
using XdsControlPlane.Tests.Support;

namespace XdsControlPlane.Tests.Reconcile;

public sealed class ModelChangesTests
{
    [Test]
    public void FirstModel_ReportsEveryObjectAdded()
    {
        var changes = ModelChanges.Between(null, TestModels.Model(1));

        Assert.That(changes.Select(c => c.ToString()), Is.EqualTo(new[]
        {
            "+Service default/echo", "+EndpointSlice default/echo-1", "+Secret default/tls", "+GatewayClass xds", "+Gateway default/public", "+HTTPRoute default/echo",
        }));
    }

    [Test]
    public void RebuiltButEqualObjects_AreNotChanges()
    {
        var changes = ModelChanges.Between(TestModels.Model(1), TestModels.Model(2));

        Assert.That(changes, Is.Empty);
    }

    [Test]
    public void ReportsAddedModifiedAndRemoved_ByIdentity()
    {
        var before = TestModels.Model(1, withInternalGateway: true);
        var after = TestModels.Model(2, port: 9000, withExtraService: true);

        var changes = ModelChanges.Between(before, after);

        Assert.That(changes, Is.EqualTo(new[]
        {
            new ModelChange("Service", "default", "extra", ModelChange.Added),
            new ModelChange("EndpointSlice", "default", "echo-1", ModelChange.Modified),
            new ModelChange("EndpointSlice", "default", "extra-1", ModelChange.Added),
            new ModelChange("Gateway", "default", "internal", ModelChange.Removed),
            new ModelChange("HTTPRoute", "default", "echo-internal", ModelChange.Removed),
        }));
    }

    [Test]
    public void ChangedGatewayClass_IsReportedAsAModifiedGatewayClass()
    {
        static ModelContext With(string controller) => ModelContext.Create([], [], [], [], [], [], [], [],
            gatewayClasses: [new GatewayClassModel(new ObjectRef("GatewayClass", string.Empty, "xds"), 1, controller)]);

        var changes = ModelChanges.Between(With("example.com/a"), With("example.com/b"));

        Assert.That(changes, Is.EqualTo(new[] { new ModelChange("GatewayClass", string.Empty, "xds", ModelChange.Modified) }));
    }

    [Test]
    public void ChangedNamespaceLabels_AreReportedAsAModifiedNamespace()
    {
        static ModelContext With(string value) => ModelContext.Create([], [], [], [], [], [], [],
            [new("team-a", [new KeyValuePair<string, string>("env", value)]), new("team-b", [])]);

        var changes = ModelChanges.Between(With("dev"), With("prod"));

        Assert.That(changes, Is.EqualTo(new[] { new ModelChange("Namespace", string.Empty, "team-a", ModelChange.Modified) }));
    }

    [Test]
    public void ReferenceGrants_AddedModifiedAndRemoved_AreChanges()
    {
        static ReferenceGrantModel Grant(string name, string fromNamespace) => new(new ObjectRef("ReferenceGrant", "backends", name),
            [new ReferenceGrantFrom("gateway.networking.k8s.io", "HTTPRoute", fromNamespace)], [new ReferenceGrantTo("", "Service", null)]);
        static ModelContext With(params ReferenceGrantModel[] grants) => ModelContext.Create([], [], [], [], [], [], [], [], referenceGrants: grants);

        var changes = ModelChanges.Between(With(Grant("a", "shop"), Grant("b", "shop")), With(Grant("b", "team"), Grant("c", "shop")));

        Assert.That(changes, Is.EqualTo(new[]
        {
            new ModelChange("ReferenceGrant", "backends", "a", ModelChange.Removed),
            new ModelChange("ReferenceGrant", "backends", "b", ModelChange.Modified),
            new ModelChange("ReferenceGrant", "backends", "c", ModelChange.Added),
        }));
    }

    [Test]
    public void ManyServices_OneChanged_ReportsJustThatOne()
    {
        var services = Enumerable.Range(0, 10_000).Select(i => new ServiceModel(new ObjectRef("Service", "ns", $"svc-{i:D5}"), [new ServicePort("http", 80, 80, "TCP", null)])).ToList();
        var before = ModelContext.Create(services, [], [], [], [], [], [], []);
        services[4321] = services[4321] with { Ports = [new ServicePort("http", 81, 81, "TCP", null)] };
        var after = ModelContext.Create(services, [], [], [], [], [], [], []);

        var changes = ModelChanges.Between(before, after);

        Assert.That(changes, Is.EqualTo(new[] { new ModelChange("Service", "ns", "svc-04321", ModelChange.Modified) }));
    }
}
