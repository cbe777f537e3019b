using XdsControlPlane.Model;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Reconcile;

/// <summary>The proxyless profile's encoding variants, published with every proxyless snapshot (see <see cref="VariantSnapshots"/>).</summary>
internal sealed partial class Reconciler
{
    private readonly VariantSnapshots _variants = new();

    /// <summary>
    /// Publishes the variants of the proxyless snapshot in <paramref name="published"/> and returns how many changed.
    /// When <paramref name="compiled"/> (the configuration has a proxyless profile) their names are added to
    /// <paramref name="names"/>, so they are not emptied; they keep what they had when the proxyless snapshot itself
    /// was refused. Call under the lock.
    /// </summary>
    private int PublishVariants(bool compiled, IReadOnlyDictionary<string, Snapshot> published, HashSet<string> names)
    {
        if (compiled)
        {
            names.UnionWith(Compiler.Encodings.ClientEncodings.All.Select(e => Compiler.Encodings.ClientEncodings.Profile(ProfileNames.Proxyless, e)));
        }

        if (!published.TryGetValue(ProfileNames.Proxyless, out var proxyless))
        {
            return 0;
        }

        var count = 0;
        var problems = new List<string>();
        foreach (var (profile, snapshot) in _variants.Of(proxyless, problems))
        {
            try
            {
                count += store.Publish(profile, snapshot) ? 1 : 0;
            }
            catch (SnapshotInconsistentException e)
            {
                LogInconsistent(logger, profile, e.Message);
            }
        }

        foreach (var problem in problems)
        {
            LogVariantRewriteRefused(logger, problem);
        }

        return count;
    }
}
