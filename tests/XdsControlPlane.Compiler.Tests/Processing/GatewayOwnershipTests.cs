using XdsControlPlane.Compiler.Tests.Support;
using XdsControlPlane.Model;
using static XdsControlPlane.Compiler.Tests.Support.ModelBuilder;

namespace XdsControlPlane.Compiler.Tests.Processing;

/// <summary>
/// Which Gateways are ours: only those whose GatewayClass names our controller are compiled and get status; other
/// controllers' Gateways (and route parentRefs to them) get nothing from us; a missing class is a warning.
/// </summary>
public sealed class GatewayOwnershipTests
{
    private const string Theirs = "example.com/other-controller";
    private static readonly ObjectRef _ours = new("Gateway", "default", "ours");
    private static readonly ObjectRef _theirs = new("Gateway", "default", "theirs");
    private static readonly ObjectRef _orphan = new("Gateway", "default", "orphan");
    private static readonly ObjectRef _route = new("HTTPRoute", "default", "web");

    // Gateways of our class, of another controller's class, and of a class that does not exist; one route attached to all three.
    private static ModelContext Model() => new ModelBuilder()
        .GatewayClass(OurClass, CompileOptions.DefaultControllerName, generation: 3)
        .GatewayClass("other", Theirs, generation: 5)
        .Service("default", "web", ("http", 80))
        .Slice("default", "web-a", "web", "http", 8080, Ready("10.0.0.1"))
        .Gateway("default", "ours", Http("web", 80))
        .GatewayOfClass("other", "default", "theirs", Http("web", 80))
        .GatewayOfClass("missing", "default", "orphan", Http("web", 80))
        .Route(HttpRoute("default", "web", [Gw("ours"), Gw("theirs"), Gw("orphan")], [], Rule(Backend("web", 80))))
        .Build();

    [Test]
    public void GatewayOfOurClass_IsServed_WithStatus()
    {
        var result = Compiler.Compile(Model());

        Assert.That(result.Profiles.Keys, Does.Contain(ProfileNames.Gateway("default", "ours")));
        Assert.That(result.Profiles[ProfileNames.Gateway("default", "ours")].Listeners.Select(l => l.Name), Is.EqualTo(new[] { "default/ours/80" }));
        Assert.That(result.StatusesFor(_ours).Single().Condition(Reasons.Programmed)?.Status, Is.True);
    }

    [Test]
    public void GatewayOfAnotherController_IsNotServed_GetsNoStatus_AndNoError()
    {
        var result = Compiler.Compile(Model());

        Assert.That(result.Profiles.Keys, Does.Not.Contain(ProfileNames.Gateway("default", "theirs")));
        Assert.That(result.StatusesFor(_theirs), Is.Empty);
        Assert.That(result.ErrorsFor(_theirs), Is.Empty);
        Assert.That(result.StatusesFor(new ObjectRef("GatewayClass", "", "other")), Is.Empty, "their class is theirs to accept");
    }

    [Test]
    public void GatewayOfAMissingClass_IsNotServed_GetsNoStatus_AndAWarningOnItsClassName()
    {
        var result = Compiler.Compile(Model());

        Assert.That(result.Profiles.Keys, Does.Not.Contain(ProfileNames.Gateway("default", "orphan")));
        Assert.That(result.StatusesFor(_orphan), Is.Empty);
        var warning = result.ErrorsFor(_orphan).Single();
        Assert.That((warning.Field, warning.Severity, warning.Reason), Is.EqualTo(("spec.gatewayClassName", ModelErrorSeverity.Warning, Reasons.GatewayClassNotFound)));
        Assert.That(warning.Message, Is.EqualTo("GatewayClass \"missing\" does not exist; this Gateway is not served"));
    }

    [Test]
    public void RouteAttachedToOursAndTheirs_HasOnlyOurParentStatus_AndNoErrors_AndIsServedByOurs()
    {
        var result = Compiler.Compile(Model());

        Assert.That(result.StatusesFor(_route).Select(s => (s.Parent?.Name, s.Condition(Reasons.Accepted)?.Status)), Is.EqualTo(new[] { ("ours", (bool?)true) }));
        Assert.That(result.ErrorsFor(_route), Is.Empty);
        var routes = result.Profiles[ProfileNames.Gateway("default", "ours")].RouteConfigurations.Single().VirtualHosts.SelectMany(v => v.Routes);
        Assert.That(routes.Select(r => r.Route_.Cluster), Is.EqualTo(new[] { "default/web:80" }));
    }

    [Test]
    public void RouteToAGatewayThatDoesNotExist_IsStillReportedNoMatchingParent()
    {
        var model = new ModelBuilder()
            .Service("default", "web", ("http", 80))
            .Gateway("default", "ours", Http("web", 80))
            .Route(HttpRoute("default", "web", [Gw("nowhere")], [], Rule(Backend("web", 80))))
            .Build();

        var status = Compiler.Compile(model).StatusesFor(_route).Single();

        Assert.That((status.Parent?.Name, status.Condition(Reasons.Accepted)?.Reason), Is.EqualTo(("nowhere", Reasons.NoMatchingParent)));
    }

    [Test]
    public void OurGatewayClass_IsAccepted_WithItsGeneration()
    {
        var status = Compiler.Compile(Model()).StatusesFor(new ObjectRef("GatewayClass", "", OurClass)).Single();

        Assert.That(status.ObservedGeneration, Is.EqualTo(3));
        Assert.That(status.Parent, Is.Null);
        Assert.That(status.Conditions.Select(c => (c.Type, c.Status, c.Reason)), Is.EqualTo(new[] { (Reasons.Accepted, true, Reasons.Accepted) }));
    }

    [Test]
    public void AnotherControllerName_ServesTheOtherClass_AndNotOurs()
    {
        var result = Compiler.Compile(Model(), new CompileOptions(Theirs));

        Assert.That(result.Profiles.Keys.Where(k => k.StartsWith(ProfileNames.GatewayPrefix, StringComparison.Ordinal)),
            Is.EqualTo(new[] { ProfileNames.Gateway("default", "theirs") }));
        Assert.That(result.StatusesFor(_ours), Is.Empty);
        Assert.That(result.StatusesFor(_route).Select(s => s.Parent?.Name), Is.EqualTo(new[] { "theirs" }));
        Assert.That(result.StatusesFor(new ObjectRef("GatewayClass", "", "other")).Single().ObservedGeneration, Is.EqualTo(5));
    }

    [Test]
    public void AChangedGatewayClass_IsAFullRecompile_EvenWhenEndpointsChangedToo()
    {
        var before = Model();
        var slices = before.EndpointSlices.Select(s => s with { Endpoints = [Ready("10.0.0.9")] });
        var after = ModelContext.Create(before.Services, slices, before.Secrets, before.Gateways, before.Routes, before.Policies,
            before.SourceErrors, before.NamespaceLabels, before.Generation + 1,
            gatewayClasses: before.GatewayClasses.Select(c => c.Ref.Name == "other" ? c with { ControllerName = CompileOptions.DefaultControllerName } : c));

        var result = Compiler.Compile(after, Compiler.Compile(before), before);

        Assert.That(result.RebuiltAssignments, Is.Null, "not the endpoint-only path");
        Assert.That(result.Profiles.Keys, Does.Contain(ProfileNames.Gateway("default", "theirs")));
    }
}
