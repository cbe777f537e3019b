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
            || !previousModel.Secrets.Equals(model.Secrets) || !previousModel.NamespaceLabels.Equals(model.NamespaceLabels))
        {
            return null;
        }

        var before = ByService(previousModel.EndpointSlices);
        var after = ByService(model.EndpointSlices);
        var changed = before.Keys.Union(after.Keys)
            .Where(k => !Same(before.GetValueOrDefault(k), after.GetValueOrDefault(k)))
            .ToHashSet();
        var services = model.Services.Where(s => changed.Contains((s.Ref.Namespace, s.Ref.Name))).ToDictionary(s => (s.Ref.Namespace, s.Ref.Name));

        var errors = new List<ModelError>(previous.Errors.Where(e => !(e.Object.Kind == "EndpointSlice" && changed.Contains((e.Object.Namespace, ServiceOf(previousModel, e.Object))))));
        var rebuilt = new Dictionary<string, ClusterLoadAssignment>(StringComparer.Ordinal);
        var profiles = new SortedDictionary<string, ProfileResources>(StringComparer.Ordinal);
        foreach (var (name, profile) in previous.Profiles)
        {
            var assignments = profile.ClusterLoadAssignments.Select(Rebuild).ToArray();
            profiles[name] = profile with { ClusterLoadAssignments = assignments };
        }

        return new CompileResult(profiles, [.. errors.OrderBy(e => e.Object).ThenBy(e => e.Field, StringComparer.Ordinal)
            .ThenBy(e => e.Message, StringComparer.Ordinal).ThenBy(e => e.Reason, StringComparer.Ordinal)], previous.Statuses)
        {
            RebuiltAssignments = rebuilt,
        };

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

    private static Dictionary<(string, string), List<EndpointSliceModel>> ByService(EquatableArray<EndpointSliceModel> slices)
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

    private static bool Same(List<EndpointSliceModel>? a, List<EndpointSliceModel>? b) =>
        (a ?? []).SequenceEqual(b ?? []);

    private static string ServiceOf(ModelContext model, ObjectRef slice) =>
        model.EndpointSlices.FirstOrDefault(s => s.Ref == slice)?.ServiceName ?? string.Empty;
}
