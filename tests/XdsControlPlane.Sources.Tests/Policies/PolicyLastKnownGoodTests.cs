using XdsControlPlane.Model;
using XdsControlPlane.Sources.Policies;

namespace XdsControlPlane.Sources.Tests.Policies;

/// <summary>
/// The policy source re-reads every row; a row that stops validating (written by another process or version, or
/// damaged) keeps its last good revision in service, as a manifest object does, instead of vanishing.
/// </summary>
[TestFixture(PolicyDatabaseProvider.Sqlite)]
[TestFixture(PolicyDatabaseProvider.Postgres)]
public sealed class PolicyLastKnownGoodTests(PolicyDatabaseProvider provider) : StoreFixture(provider)
{
    [TestCase("""{"targetRef":{"kind":"Service","name":"echo"},"retry":{"attempts":"many"}}""", "spec.retry.attempts", TestName = "ARowWithAnInvalidSpec_KeepsItsLastGoodRevision")]
    [TestCase("""{"targetRef":{"kind":"Service","name":"echo"},"retry":[""", "spec", TestName = "ARowWithUnparsableSpec_KeepsItsLastGoodRevision")]
    public async Task ARowThatNoLongerValidates_KeepsItsLastGoodRevision(string spec, string field)
    {
        var store = await StartedStoreAsync();
        await using var source = new PolicyStoreSource(store);
        await source.StartAsync();
        await store.CreateAsync(Policy("p"), actor: null);
        await UntilAsync(() => source.Current.Policies.Count == 1, "the valid policy");

        using (var connection = ConnectAny())
        {
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE \"Policies\" SET \"Spec\" = @spec, \"Revision\" = 2 WHERE \"Name\" = 'p'";
            var parameter = command.CreateParameter();
            (parameter.ParameterName, parameter.Value) = ("spec", spec);
            command.Parameters.Add(parameter);
            command.ExecuteNonQuery();
        }

        await store.CreateAsync(Policy("q", target: "other"), actor: null); // any committed change reloads every row
        await UntilAsync(() => source.Current.Policies.Count == 2, "the second policy");

        var model = source.Current;
        Assert.That(model.Policies.Single(p => p.Ref.Name == "p").Spec.Retry!.Attempts, Is.EqualTo(3), "revision 1 as it was");
        Assert.That(model.SourceErrors.Select(e => (e.Object.Name, e.Field, e.Severity)), Is.EquivalentTo(new[]
        {
            ("p", field, ModelErrorSeverity.Error),
            ("p", "", ModelErrorSeverity.Warning),
        }));
        Assert.That(model.SourceErrors.Single(e => e.Severity == ModelErrorSeverity.Warning).Message,
            Is.EqualTo("not updated: revision 2 is invalid; revision 1 stays in service"));
    }

    [Test]
    public async Task ADeletedRow_IsDeleted()
    {
        var store = await StartedStoreAsync();
        await using var source = new PolicyStoreSource(store);
        await source.StartAsync();
        await store.CreateAsync(Policy("p"), actor: null);
        await UntilAsync(() => source.Current.Policies.Count == 1, "the policy");

        await store.DeleteAsync("default", "p", null, actor: null);

        await UntilAsync(() => source.Current.Policies.Count == 0, "the deletion");
    }
}
