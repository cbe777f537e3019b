using Envoy.Config.Route.V3;
using XdsControlPlane.Compiler.Tests.Support;
using XdsControlPlane.Model;
using static XdsControlPlane.Compiler.Tests.Support.ModelBuilder;

namespace XdsControlPlane.Compiler.Tests;

/// <summary>
/// References into another namespace need a ReferenceGrant in that namespace (Gateway API): route backends, mirror
/// targets and Gateway certificates. Refused backends are treated like missing ones.
/// </summary>
public sealed class ReferenceGrantTests
{
    private const string GatewayApi = "gateway.networking.k8s.io";
    private static readonly ObjectRef RouteRef = new("HTTPRoute", "app", "r");
    private static readonly ObjectRef GatewayRef = new("Gateway", "app", "gw");

    /// <summary>A Gateway and an HTTPRoute in <c>app</c> splitting /x between <c>app/web</c> and <c>shared/db</c>.</summary>
    private static ModelBuilder CrossNamespaceSplit() => new ModelBuilder()
        .Service("app", "web", ("http", 80))
        .Service("shared", "db", ("http", 80))
        .Gateway("app", "gw", Http("web", 80))
        .Route(HttpRoute("app", "r", [Gw("gw")], [], Rule([Prefix("/x")], Backend("web", 80), Backend("db", 80, ns: "shared"))));

    private static Route GatewayRoute(CompileResult result) => result.Profiles["gateway/app/gw"].RouteConfigurations
        .SelectMany(c => c.VirtualHosts).SelectMany(v => v.Routes).Single(r => r.Name.StartsWith("HTTPRoute/app/r/", StringComparison.Ordinal));

    private static string[] Clusters(Route route) => [.. route.Route_.WeightedClusters.Clusters.Select(c => c.Name)];

    private static StatusCondition ResolvedRefs(CompileResult result, ObjectRef route) => result.StatusesFor(route).Single().Condition("ResolvedRefs")!;

    [Test]
    public void CrossNamespaceBackend_WithoutGrant_IsRefNotPermitted_AndItsShareGets500()
    {
        var result = Compiler.Compile(CrossNamespaceSplit().Build());

        var condition = ResolvedRefs(result, RouteRef);
        Assert.That((condition.Status, condition.Reason), Is.EqualTo((false, "RefNotPermitted")));
        Assert.That(condition.Message, Does.Contain("shared/db"));
        Assert.That(result.ErrorsFor(RouteRef).Select(e => (e.Field, e.Reason)), Does.Contain(("spec.rules[0].backendRefs[1]", "RefNotPermitted")));
        Assert.That(Clusters(GatewayRoute(result)), Is.EqualTo(new[] { "app/web:80", "invalid-backend" }), "the refused half goes to the 500 cluster");
        Assert.That(result.Profiles["gateway/app/gw"].Clusters.Select(c => c.Name), Does.Not.Contain("shared/db:80"));
    }

    [Test]
    public void CrossNamespaceBackend_WithGrant_IsRouted()
    {
        var result = Compiler.Compile(CrossNamespaceSplit()
            .Grant("shared", "from-app", [(GatewayApi, "HTTPRoute", "app")], ("", "Service", null))
            .Build());

        Assert.That(ResolvedRefs(result, RouteRef).Status, Is.True);
        Assert.That(Clusters(GatewayRoute(result)), Is.EqualTo(new[] { "app/web:80", "shared/db:80" }));
        Assert.That(result.ErrorsFor(RouteRef), Is.Empty);
    }

    public static IEnumerable<TestCaseData> GrantsThatDoNotApply()
    {
        yield return new TestCaseData((GatewayApi, "HTTPRoute", "app"), ("", "Service", (string?)"other")).SetName("grant for another Service name does not permit");
        yield return new TestCaseData((GatewayApi, "GRPCRoute", "app"), ("", "Service", (string?)null)).SetName("grant from GRPCRoute does not permit an HTTPRoute");
        yield return new TestCaseData((GatewayApi, "HTTPRoute", "elsewhere"), ("", "Service", (string?)null)).SetName("grant from another namespace does not permit");
        yield return new TestCaseData(("", "HTTPRoute", "app"), ("", "Service", (string?)null)).SetName("grant from the core group does not permit a Gateway API route");
        yield return new TestCaseData((GatewayApi, "HTTPRoute", "app"), ("", "Secret", (string?)null)).SetName("grant to Secrets does not permit a Service");
    }

    [TestCaseSource(nameof(GrantsThatDoNotApply))]
    public void CrossNamespaceBackend_WithAGrantThatDoesNotMatch_IsNotPermitted((string, string, string) from, (string, string, string?) to)
    {
        var result = Compiler.Compile(CrossNamespaceSplit().Grant("shared", "g", [from], to).Build());

        Assert.That(ResolvedRefs(result, RouteRef).Reason, Is.EqualTo("RefNotPermitted"));
        Assert.That(Clusters(GatewayRoute(result)), Is.EqualTo(new[] { "app/web:80", "invalid-backend" }));
    }

    [Test]
    public void GrantInTheRoutesOwnNamespace_DoesNotPermitReferencesIntoAnother()
    {
        var result = Compiler.Compile(CrossNamespaceSplit()
            .Grant("app", "wrong-side", [(GatewayApi, "HTTPRoute", "app")], ("", "Service", null))
            .Build());

        Assert.That(ResolvedRefs(result, RouteRef).Reason, Is.EqualTo("RefNotPermitted"));
    }

    [Test]
    public void GrantNamingTheService_Permits()
    {
        var result = Compiler.Compile(CrossNamespaceSplit()
            .Grant("shared", "only-db", [(GatewayApi, "HTTPRoute", "app")], ("", "Service", "db"))
            .Build());

        Assert.That(ResolvedRefs(result, RouteRef).Status, Is.True);
    }

    [Test]
    public void SameNamespaceBackend_NeedsNoGrant()
    {
        var result = Compiler.Compile(new ModelBuilder()
            .Service("app", "web", ("http", 80))
            .Gateway("app", "gw", Http("web", 80))
            .Route(HttpRoute("app", "r", [Gw("gw")], [], Rule([Prefix("/x")], Backend("web", 80, ns: "app"))))
            .Build());

        Assert.That(ResolvedRefs(result, RouteRef).Status, Is.True);
        Assert.That(GatewayRoute(result).Route_.Cluster, Is.EqualTo("app/web:80"));
    }

    [Test]
    public void RefusedBackend_IsReportedBeforeItsExistence_SoARouteCannotProbeAnotherNamespace()
    {
        var result = Compiler.Compile(new ModelBuilder()
            .Gateway("app", "gw", Http("web", 80))
            .Route(HttpRoute("app", "r", [Gw("gw")], [], Rule([Prefix("/x")], Backend("ghost", 80, ns: "shared"))))
            .Build());

        Assert.That(ResolvedRefs(result, RouteRef).Reason, Is.EqualTo("RefNotPermitted"));
        Assert.That(result.ErrorsFor(RouteRef).Select(e => e.Reason), Does.Not.Contain("BackendNotFound"));
        Assert.That(GatewayRoute(result).DirectResponse?.Status, Is.EqualTo(500));
    }

    [Test]
    public void GrpcRouteBackend_InTheProxylessProfile_NeedsAGrantFromGrpcRoute()
    {
        ModelBuilder Mesh() => new ModelBuilder()
            .Service("app", "echo", ("grpc", 50051))
            .Service("shared", "echo-v2", ("grpc", 50051))
            .Route(GrpcRoute("app", "g", [Svc("echo")], [], Rule(Backend("echo-v2", 50051, ns: "shared"))));
        var grpcRoute = new ObjectRef("GRPCRoute", "app", "g");
        string[] ProxylessClusters(CompileResult result) => [.. result.Profiles["proxyless"].RouteConfigurations
            .Single(c => c.Name == "echo.app.svc:50051").VirtualHosts.SelectMany(v => v.Routes).Select(r => r.Route_.Cluster)];

        var refused = Compiler.Compile(Mesh().Grant("shared", "http-only", [(GatewayApi, "HTTPRoute", "app")], ("", "Service", null)).Build());
        var granted = Compiler.Compile(Mesh().Grant("shared", "grpc", [(GatewayApi, "GRPCRoute", "app")], ("", "Service", null)).Build());

        Assert.That(ResolvedRefs(refused, grpcRoute).Reason, Is.EqualTo("RefNotPermitted"));
        Assert.That(ProxylessClusters(refused), Is.Empty, "proxyless clients get no route whose only backend is refused");
        Assert.That(ResolvedRefs(granted, grpcRoute).Status, Is.True);
        Assert.That(ProxylessClusters(granted), Is.EqualTo(new[] { "shared/echo-v2:50051" }));
    }

    [Test]
    public void CrossNamespaceMirror_WithoutGrant_IsNotMirrored_AndIsRefNotPermitted()
    {
        var mirror = new RouteFilter("RequestMirror", Mirror: new MirrorFilter(Backend("db", 80, ns: "shared"), 100));
        ModelBuilder Model() => new ModelBuilder()
            .Service("app", "web", ("http", 80))
            .Service("shared", "db", ("http", 80))
            .Gateway("app", "gw", Http("web", 80))
            .Route(HttpRoute("app", "r", [Gw("gw")], [], Rule([Prefix("/x")], Backend("web", 80)) with { Filters = [mirror] }));

        var refused = Compiler.Compile(Model().Build());
        var granted = Compiler.Compile(Model().Grant("shared", "g", [(GatewayApi, "HTTPRoute", "app")], ("", "Service", "db")).Build());

        Assert.That(ResolvedRefs(refused, RouteRef).Reason, Is.EqualTo("RefNotPermitted"));
        Assert.That(GatewayRoute(refused).Route_.Cluster, Is.EqualTo("app/web:80"), "the route itself still serves");
        Assert.That(GatewayRoute(refused).Route_.RequestMirrorPolicies, Is.Empty);
        Assert.That(GatewayRoute(granted).Route_.RequestMirrorPolicies.Select(m => m.Cluster), Is.EqualTo(new[] { "shared/db:80" }));
        Assert.That(ResolvedRefs(granted, RouteRef).Status, Is.True);
    }

    [Test]
    public void RefusedBackend_DoesNotAffectOtherRoutes()
    {
        var result = Compiler.Compile(CrossNamespaceSplit()
            .Route(HttpRoute("app", "fine", [Gw("gw")], [], Rule([Prefix("/y")], Backend("web", 80))))
            .Build());

        Assert.That(ResolvedRefs(result, new ObjectRef("HTTPRoute", "app", "fine")).Status, Is.True);
        Assert.That(result.ErrorsFor(new ObjectRef("HTTPRoute", "app", "fine")), Is.Empty);
    }

    /// <summary>An HTTPS Gateway in <c>app</c> whose only certificate is the Secret <c>certs/tls</c>.</summary>
    private static ModelBuilder CrossNamespaceCertificate() => new ModelBuilder()
        .Secret("certs", "tls")
        .Gateway("app", "gw", new GatewayListener("https", null, 443, "HTTPS", [new ObjectRef("Secret", "certs", "tls")], "Same", [], []));

    [Test]
    public void CrossNamespaceCertificate_WithoutGrant_IsUnresolved_AndTheListenerReportsRefNotPermitted()
    {
        var result = Compiler.Compile(CrossNamespaceCertificate().Build());

        var profile = result.Profiles["gateway/app/gw"];
        Assert.That(profile.Listeners, Is.Empty, "the listener's only certificate is refused, as if it were missing");
        Assert.That(profile.Secrets, Is.Empty);
        Assert.That(result.ErrorsFor(GatewayRef).Select(e => (e.Field, e.Reason)), Does.Contain(("spec.listeners[0].tls.certificateRefs[0]", "RefNotPermitted")));
        var status = result.StatusesFor(GatewayRef).Single();
        Assert.That(status.Condition("ResolvedRefs"), Is.Null, "Gateway API reports references per listener");
        var resolved = status.Listener("https")!.Condition("ResolvedRefs")!;
        Assert.That((resolved.Status, resolved.Reason), Is.EqualTo((false, "RefNotPermitted")));
        Assert.That(resolved.Message, Does.Contain("certs/tls"));
        Assert.That(status.Listener("https")!.Condition("Programmed")!.Status, Is.False);
        Assert.That(status.Condition("Programmed")!.Status, Is.False);
    }

    [Test]
    public void CrossNamespaceCertificate_WithGrant_IsServed()
    {
        var result = Compiler.Compile(CrossNamespaceCertificate()
            .Grant("certs", "gateways", [(GatewayApi, "Gateway", "app")], ("", "Secret", "tls"))
            .Build());

        var profile = result.Profiles["gateway/app/gw"];
        Assert.That(profile.Listeners.Select(l => l.Name), Is.EqualTo(new[] { "app/gw/443" }));
        Assert.That(profile.Secrets.Select(s => s.Name), Is.EqualTo(new[] { "certs/tls" }));
        Assert.That(result.StatusesFor(GatewayRef).Single().Listener("https")!.Condition("ResolvedRefs")!.Status, Is.True);
        Assert.That(result.ErrorsFor(GatewayRef), Is.Empty);
    }

    [Test]
    public void CertificateGrant_ForRoutes_DoesNotPermitAGateway()
    {
        var result = Compiler.Compile(CrossNamespaceCertificate()
            .Grant("certs", "routes", [(GatewayApi, "HTTPRoute", "app")], ("", "Secret", null))
            .Build());

        Assert.That(result.Profiles["gateway/app/gw"].Listeners, Is.Empty);
        Assert.That(result.StatusesFor(GatewayRef).Single().Listener("https")!.Condition("ResolvedRefs")!.Reason, Is.EqualTo("RefNotPermitted"));
    }

    [Test]
    public void AGrantChange_TakesTheFullCompilePath()
    {
        var before = CrossNamespaceSplit().Build();
        var after = CrossNamespaceSplit().Grant("shared", "from-app", [(GatewayApi, "HTTPRoute", "app")], ("", "Service", null)).Build();

        var result = Compiler.Compile(after, Compiler.Compile(before), before);

        Assert.That(result.RebuiltAssignments, Is.Null, "a grant is not an endpoint change");
        Assert.That(ResolvedRefs(result, RouteRef).Status, Is.True);
    }
}
