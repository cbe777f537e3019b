using Microsoft.Extensions.Logging.Abstractions;
using XdsControlPlane.Compiler;
using XdsControlPlane.Model;
using XdsControlPlane.Reconcile;
using XdsControlPlane.Tests.Support;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Tests.Reconcile;

/// <summary>The controllerName the host is configured with decides which Gateways the reconciler publishes and reports.</summary>
public sealed class ReconcilerOwnershipTests
{
    private const string Profile = "gateway/default/public";

    [Test]
    public void DefaultControllerName_PublishesTheGatewayOfClassXds_AndReportsItsStatus()
    {
        var (store, statuses) = Apply(null);

        Assert.That(store.Get(Profile)?[TypeUrls.Listener].Count, Is.EqualTo(1));
        Assert.That(statuses.Select(s => s.Object.Kind).Distinct().Order(StringComparer.Ordinal), Is.EqualTo(new[] { "Gateway", "GatewayClass", "HTTPRoute" }));
    }

    [Test]
    public void AnotherControllerName_LeavesTheGatewayOfClassXdsAlone()
    {
        var (store, statuses) = Apply(new CompileOptions("example.com/someone-else"));

        Assert.That(store.Get(Profile)?[TypeUrls.Listener].Count ?? 0, Is.Zero);
        Assert.That(statuses, Is.Empty, "neither the class, nor the Gateway, nor the route's parentRef to it are ours");
    }

    private static (SnapshotStore Store, IReadOnlyList<ObjectStatus> Statuses) Apply(CompileOptions? options)
    {
        var store = new SnapshotStore();
        var reconciler = new Reconciler(store, NullLogger<Reconciler>.Instance, compileOptions: options);
        IReadOnlyList<ObjectStatus> statuses = [];
        reconciler.Applied += (_, result, _) => statuses = result.Statuses;
        reconciler.Apply(TestModels.Model(generation: 1));
        return (store, statuses);
    }
}
