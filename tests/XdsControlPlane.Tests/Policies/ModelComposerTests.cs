using XdsControlPlane.Model;
using XdsControlPlane.Model.Policies;
using XdsControlPlane.Reconcile;

namespace XdsControlPlane.Tests.Policies;

/// <summary>Merging the policy store's model into the base source's.</summary>
public sealed class ModelComposerTests
{
    private static PolicyModel Policy(string name, int seconds) => new(new ObjectRef("XdsPolicy", "default", name), 1,
        new PolicyTarget("Service", "default", "echo", null), new PolicySpec { Timeout = new TimeoutPolicy(TimeSpan.FromSeconds(seconds), null) });

    [Test]
    public void AStorePolicyNamedLikeAManifestPolicy_IsReported_AndTheManifestOneIsUsed()
    {
        var manifests = ModelContext.Create([], [], [], [], [], [Policy("shared", 1)], [], []);
        var store = ModelContext.Create([], [], [], [], [], [Policy("shared", 2), Policy("own", 3)], [], []);

        var merged = ModelComposer.Merge(manifests, store, generation: 4);

        Assert.That(merged.Policies, Is.EqualTo(new[] { Policy("own", 3), Policy("shared", 1) }));
        Assert.That(merged.SourceErrors.Single(), Has.Property(nameof(ModelError.Reason)).EqualTo("Duplicate")
            .And.Property(nameof(ModelError.Object)).EqualTo(new ObjectRef("XdsPolicy", "default", "shared")));
        Assert.That(merged.Generation, Is.EqualTo(4));
    }

    [Test]
    public void TheStoresErrors_AreKept()
    {
        var fault = new ModelError(new ObjectRef("PolicyStore", "", "/data/policies.db"), "", "unavailable", "StoreUnavailable");
        var store = ModelContext.Create([], [], [], [], [], [], [fault], []);

        var merged = ModelComposer.Merge(ModelContext.Empty, store, generation: 1);

        Assert.That(merged.SourceErrors, Is.EqualTo(new[] { fault }));
    }
}
