using XdsControlPlane.Compiler.Tests.Support;
using XdsControlPlane.Model;
using XdsControlPlane.Model.Policies;
using static XdsControlPlane.Compiler.Tests.Support.ModelBuilder;

namespace XdsControlPlane.Compiler.Tests.Processing;

/// <summary>Every policy gets an Accepted condition: Accepted, TargetNotFound, Invalid or Conflicted, with the errors as message.</summary>
public sealed class PolicyStatusTests
{
    private static readonly PolicySpec Retry = new() { Retry = new RetryPolicy(3, null, [], [], null, null) };

    private static ModelBuilder WebService() => new ModelBuilder().Service("default", "web", ("http", 80));

    private static StatusCondition Accepted(CompileResult result, string policy) =>
        result.StatusesFor(new ObjectRef("XdsPolicy", "default", policy)).Single().Condition("Accepted")!;

    [Test]
    public void APolicyOnAnExistingTarget_IsAccepted()
    {
        var result = Compiler.Compile(WebService().Policy("default", "p", Target("Service", "web"), Retry).Build());

        Assert.That(Accepted(result, "p"), Is.EqualTo(new StatusCondition("Accepted", true, "Accepted", "applies to Service default/web")));
    }

    public static IEnumerable<TestCaseData> MissingTargets()
    {
        yield return new TestCaseData(Target("Service", "nope"), "Service default/nope not found").SetName("a Service that does not exist is TargetNotFound");
        yield return new TestCaseData(Target("Service", "web", "grpc"), "has no port, listener or rule named 'grpc'").SetName("a section that does not exist is TargetNotFound");
    }

    [TestCaseSource(nameof(MissingTargets))]
    public void APolicyWhoseTargetDoesNotExist_IsTargetNotFound(PolicyTarget target, string message)
    {
        var result = Compiler.Compile(WebService().Policy("default", "p", target, Retry).Build());

        var accepted = Accepted(result, "p");
        Assert.That((accepted.Status, accepted.Reason), Is.EqualTo((false, "TargetNotFound")));
        Assert.That(accepted.Message, Does.Contain(message));
    }

    [Test]
    public void APolicyWithAnUnusableSetting_IsInvalid_WithTheErrorInTheMessage()
    {
        var result = Compiler.Compile(WebService()
            .Policy("default", "p", Target("Service", "web"), new PolicySpec { RateLimit = new RateLimitPolicy(0, TimeSpan.FromSeconds(1), null) })
            .Build());

        var accepted = Accepted(result, "p");
        Assert.That((accepted.Status, accepted.Reason), Is.EqualTo((false, "Invalid")));
        Assert.That(accepted.Message, Does.StartWith("spec.rateLimit: requests and period must be positive"));
    }

    [Test]
    public void OfTwoPoliciesSettingTheSameThingOnOneTarget_TheSecondByName_IsConflicted()
    {
        var result = Compiler.Compile(WebService()
            .Policy("default", "a-first", Target("Service", "web"), Retry)
            .Policy("default", "b-second", Target("Service", "web"), Retry)
            .Build());

        Assert.That(Accepted(result, "a-first").Status, Is.True);
        var second = Accepted(result, "b-second");
        Assert.That((second.Status, second.Reason), Is.EqualTo((false, "Conflicted")));
        Assert.That(second.Message, Does.Contain("spec.retry"));
    }

    [Test]
    public void AProxylessOnlyWarning_DoesNotMakeAPolicyUnaccepted()
    {
        var result = Compiler.Compile(WebService()
            .Policy("default", "p", Target("Service", "web"), new PolicySpec { CircuitBreaker = new CircuitBreakerPolicy(1, 1, 1, 1) })
            .Build());

        var severities = result.ErrorsFor(new ObjectRef("XdsPolicy", "default", "p")).Select(e => e.Severity).ToList();
        Assert.That(severities, Is.Not.Empty.And.All.EqualTo(ModelErrorSeverity.Warning), "circuit breakers are Envoy-only: a warning");
        Assert.That(Accepted(result, "p").Status, Is.True);
    }
}
