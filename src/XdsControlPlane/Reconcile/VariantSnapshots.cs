using XdsControlPlane.Compiler;
using XdsControlPlane.Compiler.Encodings;
using XdsControlPlane.Compiler.Validation;
using XdsControlPlane.Model;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Reconcile;

/// <summary>
/// The snapshots of the proxyless profile's encoding variants (<see cref="ClientEncodings"/>), derived from the
/// proxyless snapshot as it is published (the newest or a pinned one): each is that snapshot with the
/// RouteConfigurations and Clusters its encoding rewrites replaced, everything else the very same resources. A
/// rewritten resource is serialized once and kept while its source resource stays the same instance, so a variant
/// costs only what it changes, and nothing at all (the proxyless snapshot itself) when it changes nothing.
/// Not thread-safe: the reconciler calls it under its lock.
/// </summary>
internal sealed class VariantSnapshots
{
    private static readonly string[] s_rewrittenTypes = [TypeUrls.RouteConfiguration, TypeUrls.Cluster];

    private readonly Dictionary<string, (Snapshot Source, Snapshot Variant)> _last = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Variant, string TypeUrl), (ResourceSet Source, List<XdsResource> Replacements)> _lastSets = [];
    private Dictionary<(string Variant, XdsResource Source), XdsResource> _rewritten = [];

    /// <summary>
    /// The profile name and snapshot of every variant of <paramref name="proxyless"/>. Rewrites that break an Envoy
    /// constraint are not used (the variant keeps the source resource) and are added to <paramref name="problems"/>.
    /// </summary>
    public IReadOnlyList<(string Profile, Snapshot Snapshot)> Of(Snapshot proxyless, List<string> problems)
    {
        var variants = new List<(string, Snapshot)>(ClientEncodings.All.Count);
        Dictionary<(string, XdsResource), XdsResource>? used = null;
        foreach (var encoding in ClientEncodings.All)
        {
            var profile = ClientEncodings.Profile(ProfileNames.Proxyless, encoding);
            var last = _last.GetValueOrDefault(profile);
            if (ReferenceEquals(last.Source, proxyless))
            {
                variants.Add((profile, last.Variant));
                continue;
            }

            used ??= [];
            if (last.Source is { } lastSource && s_rewrittenTypes.All(t => proxyless.SharesSet(lastSource, t)))
            {
                // Routes and clusters unchanged (an endpoint change): the variant's own sets carry over as they are.
                Keep(encoding, used);
                var carried = s_rewrittenTypes.All(t => last.Variant.SharesSet(lastSource, t))
                    ? proxyless
                    : proxyless.WithSetsFrom(last.Variant, s_rewrittenTypes, proxyless.Generation, proxyless.CreatedAt);
                _last[profile] = (proxyless, carried);
                variants.Add((profile, carried));
                continue;
            }

            var snapshot = proxyless;
            foreach (var typeUrl in s_rewrittenTypes)
            {
                var replacements = Replacements(encoding, proxyless[typeUrl], used, problems);
                if (replacements.Count > 0)
                {
                    snapshot = snapshot.WithReplaced(typeUrl, replacements, proxyless.Generation, proxyless.CreatedAt) ?? snapshot;
                }
            }

            // Equal content keeps the instance clients already hold (and the store recognises as unchanged).
            snapshot = last.Variant?.Version == snapshot.Version ? last.Variant : snapshot;
            _last[profile] = (proxyless, snapshot);
            variants.Add((profile, snapshot));
        }

        if (used is not null)
        {
            _rewritten = used;
        }

        return variants;
    }

    /// <summary>Keeps the rewrites of the last derivation of <paramref name="encoding"/> for the next one.</summary>
    private void Keep(ClientEncoding encoding, Dictionary<(string, XdsResource), XdsResource> used)
    {
        foreach (var typeUrl in s_rewrittenTypes)
        {
            if (_lastSets.TryGetValue((encoding.Name, typeUrl), out var last))
            {
                foreach (var rewritten in last.Replacements)
                {
                    used[(encoding.Name, last.Source.ByName[rewritten.Name])] = rewritten;
                }
            }
        }
    }

    /// <summary>
    /// The rewritten resources of <paramref name="set"/>. A set that is the very instance seen last time (routes and
    /// clusters unchanged, e.g. after an endpoint change) gives the same list without looking at its resources.
    /// </summary>
    private List<XdsResource> Replacements(ClientEncoding encoding, ResourceSet set, Dictionary<(string, XdsResource), XdsResource> used, List<string> problems)
    {
        var key = (encoding.Name, set.TypeUrl);
        if (_lastSets.TryGetValue(key, out var last) && ReferenceEquals(last.Source, set))
        {
            foreach (var (source, rewritten) in last.Replacements.Select(r => (set.ByName[r.Name], r)))
            {
                used[(encoding.Name, source)] = rewritten;
            }

            return last.Replacements;
        }

        var replacements = new List<XdsResource>();
        foreach (var source in set.Items)
        {
            if (Rewritten(encoding, source, problems) is { } rewritten)
            {
                used[(encoding.Name, source)] = rewritten;
                replacements.Add(rewritten);
            }
        }

        _lastSets[key] = (set, replacements);
        return replacements;
    }

    /// <summary>The rewrite of one resource, serialized once while its source stays the same instance; null when unchanged.</summary>
    private XdsResource? Rewritten(ClientEncoding encoding, XdsResource source, List<string> problems)
    {
        if (_rewritten.TryGetValue((encoding.Name, source), out var known))
        {
            return known;
        }

        if (EncodingRewriter.Rewrite(source.Message, encoding) is not { } message)
        {
            return null;
        }

        var violations = ProtoConstraints.Envoy.Check(message);
        if (violations.Count > 0)
        {
            problems.Add($"{encoding.Name} encoding of {source.Name}: {string.Join("; ", violations)}");
            return null;
        }

        return XdsResource.Create(message);
    }
}
