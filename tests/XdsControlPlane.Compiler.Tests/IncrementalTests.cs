using XdsControlPlane.Compiler.Tests.Support;
using XdsControlPlane.Model;

namespace XdsControlPlane.Compiler.Tests;

/// <summary>The incremental endpoint path gives exactly what a full compile gives, and rebuilds only what changed.</summary>
public sealed class IncrementalTests
{
    /// <summary>The model with one endpoint added to (or, with no slices, an empty slice for) its first Service.</summary>
    private static ModelContext WithMovedEndpoints(ModelContext model)
    {
        var slices = model.EndpointSlices.ToList();
        if (slices.Count > 0)
        {
            var first = slices[0];
            slices[0] = first with { Endpoints = first.Endpoints.Append(new EndpointModel(["192.0.2.77"], true, true, false, "zone-b")).ToEquatableArray() };
        }

        return With(model, slices);
    }

    private static ModelContext With(ModelContext model, IEnumerable<EndpointSliceModel> slices) => ModelContext.Create(
        model.Services, slices, model.Secrets, model.Gateways, model.Routes, model.Policies, model.SourceErrors, model.NamespaceLabels, model.Generation + 1,
        model.ReferenceGrants, model.GatewayClasses);

    private static IEnumerable<ModelContext> AllModels() =>
        GoldenTests.Cases().Select(c => ((GoldenCase)c.Arguments[0]!).Model());

    private static string Render(CompileResult result) =>
        string.Join("\n", result.Profiles.Select(p => $"{p.Key}\n{EnvoyJson.Profile(p.Value)}")) + EnvoyJson.Report(result);

    [TestCaseSource(typeof(GoldenTests), nameof(GoldenTests.Cases))]
    public void AnEndpointOnlyChangeCompilesIncrementallyToTheSameResultAsAFullCompile(object testCase)
    {
        var before = ((GoldenCase)testCase).Model();
        var after = WithMovedEndpoints(before);
        var previous = Compiler.Compile(before);

        var incremental = Compiler.Compile(after, previous, before);

        Assert.That(Render(incremental), Is.EqualTo(Render(Compiler.Compile(after))));
    }

    [Test]
    public void OnlyTheChangedAssignmentIsRebuiltAndEverythingElseIsTheSameInstance()
    {
        var before = AllModels().First(m => m.EndpointSlices.Count > 0 && m.Services.Count > 1);
        var after = WithMovedEndpoints(before);
        var previous = Compiler.Compile(before);

        var incremental = Compiler.Compile(after, previous, before);

        var changedCluster = $"{after.EndpointSlices[0].Ref.Namespace}/{after.EndpointSlices[0].ServiceName}:";
        Assert.That(incremental.Profiles.Values.SelectMany(p => p.ClusterLoadAssignments).Select(c => c.ClusterName),
            Has.Some.StartsWith(changedCluster).And.Some.Not.StartsWith(changedCluster), "the case must have a changed and an unchanged assignment");
        foreach (var (name, profile) in incremental.Profiles)
        {
            var old = previous.Profiles[name];
            Assert.That(profile.Listeners, Is.SameAs(old.Listeners));
            Assert.That(profile.Clusters, Is.SameAs(old.Clusters));
            for (var i = 0; i < profile.ClusterLoadAssignments.Count; i++)
            {
                var rebuilt = !ReferenceEquals(profile.ClusterLoadAssignments[i], old.ClusterLoadAssignments[i]);
                Assert.That(rebuilt, Is.EqualTo(profile.ClusterLoadAssignments[i].ClusterName.StartsWith(changedCluster, StringComparison.Ordinal)),
                    profile.ClusterLoadAssignments[i].ClusterName);
                if (rebuilt)
                {
                    Assert.That(incremental.RebuiltAssignments![profile.ClusterLoadAssignments[i].ClusterName], Is.SameAs(profile.ClusterLoadAssignments[i]),
                        "the rebuilt assignments are announced, as the same instances the profiles hold");
                }
            }
        }

        Assert.That(incremental.RebuiltAssignments!.Keys, Has.All.StartsWith(changedCluster));
    }

    [Test]
    public void AnyOtherChangeFallsBackToAFullCompile()
    {
        var before = AllModels().First(m => m.Services.Count > 1);
        var after = ModelContext.Create(before.Services.Skip(1), before.EndpointSlices, before.Secrets, before.Gateways, before.Routes,
            before.Policies, before.SourceErrors, before.NamespaceLabels, before.Generation + 1, before.ReferenceGrants, before.GatewayClasses);

        var result = Compiler.Compile(after, Compiler.Compile(before), before);

        Assert.That(Render(result), Is.EqualTo(Render(Compiler.Compile(after))));
        Assert.That(result.RebuiltAssignments, Is.Null, "a full compilation announces no partial update");
    }
}
