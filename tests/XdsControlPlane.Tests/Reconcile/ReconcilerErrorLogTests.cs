using Microsoft.Extensions.Logging;
using Serilog.Extensions.Logging;
using XdsControlPlane.Logging;
using XdsControlPlane.Model;
using XdsControlPlane.Model.Policies;
using XdsControlPlane.Reconcile;
using XdsControlPlane.Tests.Support;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Tests.Reconcile;

/// <summary>
/// Issue 10 D12: 500 policies on one target give 499 conflicts; each is logged when it appears, not again at every
/// rebuild (a policy write rebuilds), and once more when it is resolved.
/// </summary>
public sealed class ReconcilerErrorLogTests
{
    private static PolicyModel Policy(int i) => new(new ObjectRef("XdsPolicy", "default", $"p{i:D3}"), 1,
        new PolicyTarget("Service", "default", "echo", null), new PolicySpec { Timeout = new TimeoutPolicy(TimeSpan.FromSeconds(2), null) });

    private static ModelContext Model(long generation, IEnumerable<int> policies) =>
        TestModels.Model(generation).WithPolicies(policies.Select(Policy), [], generation);

    [Test]
    public void FiveHundredPoliciesOnOneTarget_EachConflictIsLoggedOnce_NotAtEveryRebuild()
    {
        var sink = new JsonLinesSink();
        using var serilog = SerilogSetup.Create(new LoggingOptions(), sink);
        using var loggers = new SerilogLoggerFactory(serilog);
        var reconciler = new Reconciler(new SnapshotStore(), loggers.CreateLogger<Reconciler>());
        int Conflicts() => sink.Events.Count(e => ((string?)e["@m"])?.Contains("another policy already sets timeout", StringComparison.Ordinal) == true
            && ((string?)e["@l"]) == "Warning");
        int Resolved() => sink.Events.Count(e => ((string?)e["@m"])?.StartsWith("resolved:", StringComparison.Ordinal) == true);

        reconciler.Apply(Model(1, Enumerable.Range(0, 500)));
        var first = (Conflicts(), Resolved());
        for (var write = 0; write < 20; write++)
        {
            // Twenty policy writes that change other settings: twenty rebuilds with the same 499 conflicts.
            reconciler.Apply(Model(2 + write, Enumerable.Range(0, 500)).WithPolicies([Policy(1000 + write) with { Target = new PolicyTarget("Service", "default", $"other-{write}", null) }], [], 2 + write));
        }

        var afterWrites = (Conflicts(), Resolved());
        reconciler.Apply(Model(100, Enumerable.Range(0, 501)));
        var afterOneMore = (Conflicts(), Resolved());
        reconciler.Apply(Model(101, Enumerable.Range(1, 500)));
        var afterWinnerLeft = (Conflicts(), Resolved());

        Assert.Multiple(() =>
        {
            Assert.That(reconciler.Errors.Count(e => e.Reason == "Conflicted"), Is.EqualTo(499), "/api/v1/errors keeps the full list");
            Assert.That(first, Is.EqualTo((499, 0)));
            Assert.That(afterWrites.Item1, Is.EqualTo(499), "no conflict logged again by the rebuilds");
            Assert.That(afterOneMore.Item1, Is.EqualTo(500), "only the new policy's conflict");
            Assert.That(afterWinnerLeft, Is.EqualTo((500, afterOneMore.Item2 + 1)), "p001 now wins: its conflict is resolved, nothing new");
        });
    }
}
