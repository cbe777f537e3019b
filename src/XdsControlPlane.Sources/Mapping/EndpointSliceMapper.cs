using XdsControlPlane.Model;
using XdsControlPlane.Sources.Documents;

namespace XdsControlPlane.Sources.Mapping;

/// <summary>Maps a discovery.k8s.io/v1 EndpointSlice: endpoints with their conditions and zone, and ports.</summary>
internal static class EndpointSliceMapper
{
    /// <summary>The label naming the Service a slice belongs to.</summary>
    public const string ServiceNameLabel = "kubernetes.io/service-name";

    /// <summary>Maps the whole object (EndpointSlice has no spec).</summary>
    public static EndpointSliceModel Map(MapContext ctx, MappingNode obj, ObjectMeta meta)
    {
        var service = meta.Labels.FirstOrDefault(l => l.Key == ServiceNameLabel).Value;
        if (string.IsNullOrEmpty(service))
        {
            var labels = (obj["metadata"] as MappingNode)?["labels"] ?? obj["metadata"] ?? obj;
            ctx.Error(labels, NodePath.Key("metadata.labels", ServiceNameLabel), "is required: it names the Service this slice belongs to");
        }

        var endpoints = new List<EndpointModel>();
        foreach (var (endpoint, path) in ctx.Objects(obj, "endpoints", ""))
        {
            var addresses = ctx.Strings(endpoint, "addresses", path);
            if (addresses.Count == 0)
            {
                ctx.Error(endpoint["addresses"] ?? endpoint, NodePath.Key(path, "addresses"), "must hold at least one address");
            }

            var conditions = ctx.Map(endpoint, "conditions", path) ?? ObjectMapper.Empty;
            var conditionsPath = NodePath.Key(path, "conditions");
            endpoints.Add(new EndpointModel(
                addresses,
                ctx.Bool(conditions, "ready", conditionsPath),
                ctx.Bool(conditions, "serving", conditionsPath),
                ctx.Bool(conditions, "terminating", conditionsPath),
                ctx.String(endpoint, "zone", path)));
        }

        var ports = new List<EndpointPort>();
        foreach (var (port, path) in ctx.Objects(obj, "ports", ""))
        {
            var number = ctx.RequiredInt(port, "port", path);
            ServiceMapper.PortRange(ctx, port, "port", path, number);
            ports.Add(new EndpointPort(ctx.String(port, "name", path) ?? "", number ?? 0, ctx.String(port, "protocol", path) ?? "TCP"));
        }

        return new EndpointSliceModel(ctx.Object, service ?? "", ctx.RequiredString(obj, "addressType", ""), endpoints, ports);
    }
}
