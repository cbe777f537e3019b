using Envoy.Config.Endpoint.V3;
using XdsControlPlane.Model;

namespace XdsControlPlane.Compiler.Processing;

/// <summary>
/// The incremental path for the most frequent change: endpoints moved and nothing else did. Only the
/// ClusterLoadAssignments of Services whose EndpointSlices changed are rebuilt; every other resource, error and
/// status of the previous compilation is kept as it is (the same instances).
/// </summary>
internal static class EndpointUpdate
{
    public static CompileResult? Apply(CompileResult previous, ModelContext previousModel, ModelContext model)
    {
        if (!previousModel.Services.Equals(model.Services) || !previousModel.Routes.Equals(model.Routes)
            || !previousModel.Gateways.Equals(model.Gateways) || !previousModel.Policies.Equals(model.Policies)
            || !previousModel.Secrets.Equals(model.Secrets) || !previousModel.NamespaceLabels.Equals(model.NamespaceLabels)
            || !previousModel.ReferenceGrants.Equals(model.ReferenceGrants)
            || !previousModel.GatewayClasses.Equals(model.GatewayClasses))
        {
            return null;
        }

        // Both slice collections are sorted by identity and unchanged slices are the same instances: one merge walk
        // finds the services whose slices changed, without grouping every slice.
        var changed = ChangedServices(previousModel.EndpointSlices, model.EndpointSlices);
        var services = model.Services.Where(s => changed.Contains((s.Ref.Namespace, s.Ref.Name))).ToDictionary(s => (s.Ref.Namespace, s.Ref.Name));
        var after = ByService(model.EndpointSlices.Where(s => changed.Contains((s.Ref.Namespace, s.ServiceName))));
        var prefixes = services.Keys.Select(k => $"{k.Item1}/{k.Item2}").ToHashSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

        var errors = new List<ModelError>(previous.Errors.Where(e => !(e.Object.Kind == "EndpointSlice" && changed.Contains((e.Object.Namespace, ServiceOf(previousModel, e.Object))))));
        var rebuilt = new Dictionary<string, ClusterLoadAssignment>(StringComparer.Ordinal);
        var profiles = new SortedDictionary<string, ProfileResources>(StringComparer.Ordinal);
        foreach (var (name, profile) in previous.Profiles)
        {
            if (!profile.ClusterLoadAssignments.Any(Affected))
            {
                profiles[name] = profile;
                continue;
            }

            var assignments = profile.ClusterLoadAssignments.Select(a => Affected(a) ? Rebuild(a) : a).ToArray();
            profiles[name] = profile with { ClusterLoadAssignments = assignments };
        }

        return new CompileResult(profiles, [.. errors.OrderBy(e => e.Object).ThenBy(e => e.Field, StringComparer.Ordinal)
            .ThenBy(e => e.Message, StringComparer.Ordinal).ThenBy(e => e.Reason, StringComparer.Ordinal)], previous.Statuses)
        {
            RebuiltAssignments = rebuilt,
        };

        // Cluster names are <ns>/<service>:<port> (Names.Cluster); compared as spans, nothing allocated per assignment.
        bool Affected(ClusterLoadAssignment assignment)
        {
            var colon = assignment.ClusterName.LastIndexOf(':');
            return prefixes.Set.Count > 0 && colon > 0 && prefixes.Contains(assignment.ClusterName.AsSpan(0, colon));
        }

        ClusterLoadAssignment Rebuild(ClusterLoadAssignment assignment)
        {
            if (rebuilt.TryGetValue(assignment.ClusterName, out var done))
            {
                return done;
            }

            // Cluster names are <ns>/<service>:<port> (Names.Cluster).
            var slash = assignment.ClusterName.IndexOf('/', StringComparison.Ordinal);
            var colon = assignment.ClusterName.LastIndexOf(':');
            if (slash < 0 || colon < slash
                || !services.TryGetValue((assignment.ClusterName[..slash], assignment.ClusterName[(slash + 1)..colon]), out var service)
                || !int.TryParse(assignment.ClusterName.AsSpan(colon + 1), System.Globalization.CultureInfo.InvariantCulture, out var number)
                || service.Ports.FirstOrDefault(p => p.Port == number) is not { } port)
            {
                return assignment;
            }

            var fresh = EndpointProcessor.ClusterLoadAssignment(assignment.ClusterName, port.Name,
                after.GetValueOrDefault((service.Ref.Namespace, service.Ref.Name)) ?? [],
                (source, field, message, reason) => errors.Add(new ModelError(source, field, message, reason)));
            rebuilt[assignment.ClusterName] = fresh;
            return fresh;
        }
    }

    /// <summary>(namespace, service) of every slice added, removed or replaced between two sorted collections.</summary>
    private static HashSet<(string, string)> ChangedServices(EquatableArray<EndpointSliceModel> before, EquatableArray<EndpointSliceModel> after)
    {
        var changed = new HashSet<(string, string)>();
        var (i, j) = (0, 0);
        while (i < before.Count || j < after.Count)
        {
            var order = i == before.Count ? 1 : j == after.Count ? -1 : before[i].Ref.CompareTo(after[j].Ref);
            if (order == 0)
            {
                if (!ReferenceEquals(before[i], after[j]) && !before[i].Equals(after[j]))
                {
                    changed.Add((before[i].Ref.Namespace, before[i].ServiceName));
                    changed.Add((after[j].Ref.Namespace, after[j].ServiceName));
                }

                (i, j) = (i + 1, j + 1);
            }
            else if (order < 0)
            {
                changed.Add((before[i].Ref.Namespace, before[i].ServiceName));
                i++;
            }
            else
            {
                changed.Add((after[j].Ref.Namespace, after[j].ServiceName));
                j++;
            }
        }

        return changed;
    }

    private static Dictionary<(string, string), List<EndpointSliceModel>> ByService(IEnumerable<EndpointSliceModel> slices)
    {
        var map = new Dictionary<(string, string), List<EndpointSliceModel>>();
        foreach (var slice in slices)
        {
            var key = (slice.Ref.Namespace, slice.ServiceName);
            if (!map.TryGetValue(key, out var list))
            {
                map[key] = list = [];
            }

            list.Add(slice);
        }

        return map;
    }

    private static string ServiceOf(ModelContext model, ObjectRef slice) =>
        model.EndpointSlices.FirstOrDefault(s => s.Ref == slice)?.ServiceName ?? string.Empty;
}
