using System.Globalization;
using XdsControlPlane.Model;
using XdsControlPlane.Sources.Documents;

namespace XdsControlPlane.Sources.Mapping;

/// <summary>Maps a v1 Service: its ports.</summary>
internal static class ServiceMapper
{
    /// <summary>Maps <c>spec</c> of a Service.</summary>
    public static ServiceModel Map(MapContext ctx, MappingNode spec)
    {
        var ports = new List<ServicePort>();
        foreach (var (port, path) in ctx.Objects(spec, "ports", "spec"))
        {
            var number = ctx.RequiredInt(port, "port", path);
            PortRange(ctx, port, "port", path, number);
            ports.Add(new ServicePort(
                ctx.String(port, "name", path) ?? "",
                number ?? 0,
                TargetPort(ctx, port, path, number ?? 0),
                ctx.String(port, "protocol", path) ?? "TCP",
                ctx.String(port, "appProtocol", path)));
        }

        return new ServiceModel(ctx.Object, ports);
    }

    /// <summary>Reports a port outside 1–65535.</summary>
    public static void PortRange(MapContext ctx, MappingNode map, string key, string path, int? port)
    {
        if (port is < 1 or > 65535)
        {
            ctx.Error(map[key], NodePath.Key(path, key), $"must be between 1 and 65535, got {port}");
        }
    }

    // targetPort is an IntOrString: a number, or the name of a container port (null in the model). Absent means "same as port".
    private static int? TargetPort(MapContext ctx, MappingNode port, string path, int number) => MapContext.Get(port, "targetPort") switch
    {
        null => number,
        ScalarNode { Kind: ScalarKind.Plain or ScalarKind.Number } s when int.TryParse(s.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
        ScalarNode => null,
        var other => Wrong(ctx, other, NodePath.Key(path, "targetPort")),
    };

    private static int? Wrong(MapContext ctx, DocumentNode at, string field)
    {
        ctx.Error(at, field, $"must be a port number or name, got {at.Describe()}");
        return null;
    }
}
