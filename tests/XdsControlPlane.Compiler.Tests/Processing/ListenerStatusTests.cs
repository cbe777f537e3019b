using XdsControlPlane.Compiler.Tests.Support;
using XdsControlPlane.Model;
using static XdsControlPlane.Compiler.Tests.Support.ModelBuilder;

namespace XdsControlPlane.Compiler.Tests.Processing;

/// <summary>
/// Gateway status per listener, as Gateway API defines it: supported kinds, attached routes, and Accepted, Conflicted,
/// Programmed and ResolvedRefs. A problem of one listener shows on that listener only.
/// </summary>
public sealed class ListenerStatusTests
{
    private static readonly ObjectRef GatewayRef = new("Gateway", "default", "gw");

    private static ObjectStatus GatewayStatus(ModelBuilder model) => Compiler.Compile(model.Build()).StatusesFor(GatewayRef).Single();

    private static (string Type, bool Status, string Reason)[] Conditions(ListenerStatus listener) =>
        [.. listener.Conditions.Select(c => (c.Type, c.Status, c.Reason))];

    private static readonly (string, bool, string)[] AllWell =
    [
        ("Accepted", true, "Accepted"), ("Conflicted", false, "NoConflicts"), ("Programmed", true, "Programmed"), ("ResolvedRefs", true, "ResolvedRefs"),
    ];

    [Test]
    public void AttachedRoutes_CountEachRouteOncePerListener_ThatItsParentRefsSelectAndTheListenerAdmits()
    {
        var status = GatewayStatus(new ModelBuilder()
            .Service("default", "web", ("http", 80))
            .Gateway("default", "gw", Http("a", 80), Http("grpc-only", 81, null, "Same", "GRPCRoute"), Http("idle", 82))
            .Route(HttpRoute("default", "whole", [Gw("gw")], [], Rule(Backend("web", 80))))
            .Route(GrpcRoute("default", "grpc", [Gw("gw")], [], Rule(Backend("web", 80))))
            .Route(HttpRoute("default", "twice", [Gw("gw", "a"), Gw("gw", port: 80)], [], Rule(Backend("web", 80))))
            .Route(HttpRoute("default", "wrong-kind", [Gw("gw", "grpc-only")], [], Rule(Backend("web", 80))))
            .Route(HttpRoute("other", "wrong-namespace", [Gw("gw", "idle", ns: "default")], [], Rule(Backend("web", 80)))));

        Assert.That(status.Listeners.Select(l => (l.Name, l.AttachedRoutes)), Is.EqualTo(new[] { ("a", 3), ("grpc-only", 1), ("idle", 2) }),
            "a: whole, grpc, twice (once); grpc-only: grpc; idle: whole, grpc (sectionName idle from another namespace is not admitted)");
    }

    [Test]
    public void SupportedKinds_AreTheRequestedKindsWeServe_AndAnUnsupportedKind_IsInvalidRouteKinds_OnThatListenerOnly()
    {
        var status = GatewayStatus(new ModelBuilder()
            .Gateway("default", "gw", Http("mixed", 80, null, "Same", "TCPRoute", "HTTPRoute"), Http("plain", 81)));

        var mixed = status.Listener("mixed")!;
        Assert.That(mixed.SupportedKinds, Is.EqualTo(new[] { "HTTPRoute" }));
        Assert.That(mixed.Condition("ResolvedRefs"), Is.EqualTo(new StatusCondition("ResolvedRefs", false, "InvalidRouteKinds", "route kind TCPRoute is not supported (HTTPRoute, GRPCRoute)")));
        Assert.That(mixed.Condition("Programmed")!.Status, Is.True, "the kinds it names that exist are still served");
        var plain = status.Listener("plain")!;
        Assert.That(plain.SupportedKinds, Is.EqualTo(new[] { "GRPCRoute", "HTTPRoute" }));
        Assert.That(Conditions(plain), Is.EqualTo(AllWell));
    }

    [Test]
    public void MissingCertificate_IsInvalidCertificateRef_OnThatListener_ItsNeighbourIsUnaffected_AndTheGatewaySaysListenersNotValid()
    {
        var status = GatewayStatus(new ModelBuilder()
            .Secret("default", "good")
            .Gateway("default", "gw", Https("good", 443, "good.example.com", "good"), Https("bad", 443, "bad.example.com", "missing")));

        Assert.That(Conditions(status.Listener("bad")!), Is.EqualTo(new[]
        {
            ("Accepted", true, "Accepted"), ("Conflicted", false, "NoConflicts"), ("Programmed", false, "Invalid"), ("ResolvedRefs", false, "InvalidCertificateRef"),
        }));
        Assert.That(status.Listener("bad")!.Condition("ResolvedRefs")!.Message, Does.Contain("default/missing"));
        Assert.That(Conditions(status.Listener("good")!), Is.EqualTo(AllWell));
        Assert.That(status.Conditions.Select(c => (c.Type, c.Status, c.Reason)),
            Is.EqualTo(new[] { ("Accepted", true, "ListenersNotValid"), ("Programmed", true, "Programmed") }));
        Assert.That(status.Condition("Accepted")!.Message, Does.Contain("bad").And.Not.Contain("good"));
    }

    [Test]
    public void ACertificateRefOfAnotherGroupOrKind_IsInvalidCertificateRef_OnThatListenerOnly_TheGatewayKeepsTheOthers()
    {
        // Gateway API (GatewayTLSConfig.certificateRefs): a reference of an unsupported group or kind sets the listener's
        // ResolvedRefs to False with reason InvalidCertificateRef; it does not reject the Gateway.
        var status = GatewayStatus(new ModelBuilder()
            .Secret("default", "good")
            .Gateway("default", "gw", Https("good", 443, "good.example.com", "good"),
                new GatewayListener("bad", "bad.example.com", 443, "HTTPS", [new ObjectRef("example.com/Certificate", "default", "good")], "Same", [], [])));

        var bad = status.Listener("bad")!;
        Assert.That((bad.Condition("ResolvedRefs")!.Status, bad.Condition("ResolvedRefs")!.Reason, bad.Condition("Programmed")!.Status),
            Is.EqualTo((false, "InvalidCertificateRef", false)));
        Assert.That(bad.Condition("ResolvedRefs")!.Message, Does.Contain("example.com/Certificate default/good").And.Contain("only core Secrets"));
        Assert.That(Conditions(status.Listener("good")!), Is.EqualTo(AllWell));
        Assert.That(status.Conditions.Select(c => (c.Type, c.Status, c.Reason)),
            Is.EqualTo(new[] { ("Accepted", true, "ListenersNotValid"), ("Programmed", true, "Programmed") }));
    }

    [Test]
    public void ARouteAttachedToAListenerWithAMissingCertificate_IsCountedThere_AndAccepted_NotContradicted()
    {
        // The upstream GatewayWithAttachedRoutes case "unresolved-gateway-with-one-attached-unresolved-route": the listener
        // "should have AttachedRoutes set even when Gateway has unresolved refs"; attachment depends on parentRefs and
        // allowedRoutes only, so the route that the listener counts is Accepted (it says where it is not served), and
        // its missing backend is its own ResolvedRefs=False.
        var result = Compiler.Compile(new ModelBuilder()
            .Gateway("default", "gw", Https("tls", 443, null, "does-not-exist"))
            .Route(HttpRoute("default", "r", [Gw("gw", "tls")], [], Rule(Backend("does-not-exist", 8080))))
            .Build());

        var listener = result.StatusesFor(GatewayRef).Single().Listener("tls")!;
        Assert.That((listener.AttachedRoutes, listener.Condition("Programmed")!.Status, listener.Condition("ResolvedRefs")!.Status), Is.EqualTo((1, false, false)));
        var route = result.StatusesFor(new ObjectRef("HTTPRoute", "default", "r")).Single();
        Assert.That((route.Condition("Accepted")!.Status, route.Condition("Accepted")!.Reason), Is.EqualTo((true, "Accepted")));
        Assert.That(route.Condition("Accepted")!.Message, Does.Contain("not served on tls"));
        Assert.That(route.Condition("ResolvedRefs")!.Status, Is.False);
    }

    [Test]
    public void OneMissingCertificateOfTwo_LeavesTheListenerProgrammed_ButNotResolved()
    {
        var status = GatewayStatus(new ModelBuilder()
            .Secret("default", "good")
            .Gateway("default", "gw", Https("web", 443, null, "good", "missing")));

        var web = status.Listener("web")!;
        Assert.That((web.Condition("Programmed")!.Status, web.Condition("ResolvedRefs")!.Reason), Is.EqualTo((true, "InvalidCertificateRef")));
    }

    [Test]
    public void RefusedAndMissingCertificates_AreReportedRefNotPermitted_WithBothMessages()
    {
        var status = GatewayStatus(new ModelBuilder()
            .Secret("certs", "tls")
            .Gateway("default", "gw", new GatewayListener("web", null, 443, "HTTPS",
                [new ObjectRef("Secret", "", "missing"), new ObjectRef("Secret", "certs", "tls")], "Same", [], [])));

        var resolved = status.Listener("web")!.Condition("ResolvedRefs")!;
        Assert.That((resolved.Status, resolved.Reason), Is.EqualTo((false, "RefNotPermitted")));
        Assert.That(resolved.Message, Does.Contain("default/missing").And.Contain("certs/tls"));
    }

    [Test]
    public void UnsupportedProtocol_IsNotAccepted_SupportsNoKind_AndCountsNoRoutes()
    {
        var status = GatewayStatus(new ModelBuilder()
            .Service("default", "web", ("http", 80))
            .Gateway("default", "gw", new GatewayListener("tcp", null, 9000, "TCP", [], "Same", [], []), Http("web", 80))
            .Route(HttpRoute("default", "r", [Gw("gw")], [], Rule(Backend("web", 80)))));

        var tcp = status.Listener("tcp")!;
        Assert.That((tcp.SupportedKinds.Count, tcp.AttachedRoutes), Is.EqualTo((0, 0)));
        Assert.That(Conditions(tcp), Is.EqualTo(new[]
        {
            ("Accepted", false, "UnsupportedProtocol"), ("Conflicted", false, "NoConflicts"), ("Programmed", false, "Invalid"), ("ResolvedRefs", true, "ResolvedRefs"),
        }));
        Assert.That(status.Listener("web")!.AttachedRoutes, Is.EqualTo(1));
    }

    [Test]
    public void ASecondHttpsListener_WithTheSameHostnameOnThePort_IsConflicted_TheFirstIsNot()
    {
        var status = GatewayStatus(new ModelBuilder()
            .Secret("default", "tls")
            .Gateway("default", "gw", Https("first", 443, "a.example.com", "tls"), Https("second", 443, "a.example.com", "tls")));

        Assert.That(status.Listener("second")!.Condition("Conflicted"), Is.EqualTo(new StatusCondition("Conflicted", true, "HostnameConflict",
            "another HTTPS listener on port 443 has hostname 'a.example.com'; listener skipped")));
        Assert.That(status.Listener("second")!.Condition("Programmed")!.Status, Is.False);
        Assert.That(Conditions(status.Listener("first")!), Is.EqualTo(AllWell));
    }

    [Test]
    public void AListenerOfAnotherProtocolOnATakenPort_IsConflicted_AndStillCountsItsAttachedRoutes()
    {
        var status = GatewayStatus(new ModelBuilder()
            .Service("default", "web", ("http", 80))
            .Secret("default", "tls")
            .Gateway("default", "gw", Http("http", 8080), Https("https", 8080, null, "tls"))
            .Route(HttpRoute("default", "r", [Gw("gw", "https")], [], Rule(Backend("web", 80)))));

        var https = status.Listener("https")!;
        Assert.That((https.Condition("Conflicted")!.Status, https.Condition("Conflicted")!.Reason), Is.EqualTo((true, "ProtocolConflict")));
        Assert.That(https.AttachedRoutes, Is.EqualTo(1), "Gateway API counts attachment whatever the listener's conditions");
        Assert.That(Compiler.Compile(new ModelBuilder()
                .Service("default", "web", ("http", 80))
                .Secret("default", "tls")
                .Gateway("default", "gw", Http("http", 8080), Https("https", 8080, null, "tls"))
                .Route(HttpRoute("default", "r", [Gw("gw", "https")], [], Rule(Backend("web", 80)))).Build())
            .StatusesFor(new ObjectRef("HTTPRoute", "default", "r")).Single().Condition("Accepted")!.Status, Is.True, "and the route it counts is Accepted");
        Assert.That(status.Listener("http")!.AttachedRoutes, Is.Zero);
    }

    [Test]
    public void AGatewayWithAnInfrastructureParametersRef_IsNotAccepted_InvalidParameters_AndProgramsNothing_OthersUnaffected()
    {
        // Gateway API (GatewayInfrastructure.parametersRef): "If the referent cannot be found, refers to an unsupported
        // kind, or when the data within that resource is malformed, the Gateway SHOULD be rejected with the 'Accepted'
        // status condition set to 'False' and an 'InvalidParameters' reason." No kind is supported here.
        var result = Compiler.Compile(new ModelBuilder()
            .Gateway(new GatewayModel(GatewayRef, 1, ModelBuilder.OurClass, [Http("web", 80)], new ObjectRef("ConfigMap", "default", "does-not-exist")))
            .Gateway("default", "other", Http("web", 80))
            .Build());

        var status = result.StatusesFor(GatewayRef).Single();
        Assert.That(status.Conditions.Select(c => (c.Type, c.Status, c.Reason)),
            Is.EqualTo(new[] { ("Accepted", false, "InvalidParameters"), ("Programmed", false, "Invalid") }));
        Assert.That(status.Condition("Accepted")!.Message, Does.Contain("ConfigMap does-not-exist"));
        Assert.That(status.Listener("web")!.Condition("Programmed")!.Status, Is.False, "no listener of a rejected Gateway is programmed");
        Assert.That(result.ErrorsFor(GatewayRef).Select(e => (e.Field, e.Reason)), Is.EqualTo(new[] { ("spec.infrastructure.parametersRef", "InvalidParameters") }));
        Assert.That(result.Profiles[ProfileNames.Gateway("default", "gw")].Listeners, Is.Empty);
        Assert.That(result.Profiles[ProfileNames.Gateway("default", "other")].Listeners, Has.Count.EqualTo(1), "another Gateway is unaffected");
        Assert.That(result.StatusesFor(new ObjectRef("Gateway", "default", "other")).Single().Condition("Accepted")!.Status, Is.True);
    }

    [Test]
    public void AGatewayWithoutAUsableListener_IsNeitherAcceptedNorProgrammed()
    {
        var status = GatewayStatus(new ModelBuilder().Gateway("default", "gw", Https("web", 443, null, "missing")));

        Assert.That(status.Conditions.Select(c => (c.Type, c.Status, c.Reason)),
            Is.EqualTo(new[] { ("Accepted", false, "ListenersNotValid"), ("Programmed", false, "Invalid") }));
    }

    [Test]
    public void AGatewayWithEveryListenerUsable_IsAccepted_WithNoGatewayLevelResolvedRefs()
    {
        var status = GatewayStatus(new ModelBuilder().Gateway("default", "gw", Http("web", 80)));

        Assert.That(status.Conditions.Select(c => (c.Type, c.Status, c.Reason)),
            Is.EqualTo(new[] { ("Accepted", true, "Accepted"), ("Programmed", true, "Programmed") }));
        Assert.That(status.ObservedGeneration, Is.EqualTo(1));
    }
}
