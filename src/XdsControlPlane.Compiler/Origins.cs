using System.Globalization;
using System.Text.RegularExpressions;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Google.Protobuf;
using XdsControlPlane.Model;
using TlsSecret = Envoy.Extensions.TransportSockets.Tls.V3.Secret;

namespace XdsControlPlane.Compiler;

/// <summary>
/// Which source object a generated resource (or one field of it) came from, read back from the names the
/// compiler gives resources (<see cref="Names"/>). Used to report a resource that breaks an Envoy constraint on the
/// object a user can fix, not on a resource name they never wrote.
/// </summary>
public static partial class Origins
{
    /// <summary>
    /// The source object and its field for <paramref name="resource"/>, or for the field at <paramref name="path"/>
    /// of it (a proto field path as <see cref="Validation.ConstraintViolation.Path"/> gives). Null when the name
    /// follows no convention of this compiler.
    /// </summary>
    public static (ObjectRef Object, string Field)? Of(IMessage resource, string path = "")
    {
        ArgumentNullException.ThrowIfNull(resource);
        return resource switch
        {
            RouteConfiguration config => RouteEntry(config, path) ?? Listener(config.Name),
            Listener listener => Listener(listener.Name),
            Cluster cluster => Service(cluster.Name),
            ClusterLoadAssignment assignment => Service(assignment.ClusterName),
            TlsSecret secret => Secret(secret.Name),
            _ => null,
        };
    }

    // Route entries are named Kind/namespace/name/rule/i/match/j (Names.Route): the field is that rule's match.
    private static (ObjectRef, string)? RouteEntry(RouteConfiguration config, string path)
    {
        if (RoutePath().Match(path) is not { Success: true } at)
        {
            return null;
        }

        var (host, index) = (Index(at.Groups[1].Value), Index(at.Groups[2].Value));
        if (host >= config.VirtualHosts.Count || index >= config.VirtualHosts[host].Routes.Count)
        {
            return null;
        }

        var name = config.VirtualHosts[host].Routes[index].Name;
        return RouteName().Match(name) is { Success: true } route
            ? (new ObjectRef(route.Groups[1].Value, route.Groups[2].Value, route.Groups[3].Value),
                $"spec.rules[{route.Groups[4].Value}].matches[{route.Groups[5].Value}]")
            : null;
    }

    // Gateway listeners (and their route configurations) are namespace/gateway/port[/section]; proxyless ones
    // service.namespace.svc:port.
    private static (ObjectRef, string)? Listener(string name)
    {
        if (GatewayName().Match(name) is { Success: true } gateway)
        {
            var section = gateway.Groups[4].Success ? $"[name={gateway.Groups[4].Value}]" : $"[port={gateway.Groups[3].Value}]";
            return (new ObjectRef("Gateway", gateway.Groups[1].Value, gateway.Groups[2].Value), "spec.listeners" + section);
        }

        return ProxylessName().Match(name) is { Success: true } proxyless
            ? (new ObjectRef("Service", proxyless.Groups[2].Value, proxyless.Groups[1].Value), $"spec.ports[port={proxyless.Groups[3].Value}]")
            : null;
    }

    private static (ObjectRef, string)? Service(string name) => ClusterName().Match(name) is { Success: true } cluster
        ? (new ObjectRef("Service", cluster.Groups[1].Value, cluster.Groups[2].Value), $"spec.ports[port={cluster.Groups[3].Value}]")
        : null;

    private static (ObjectRef, string)? Secret(string name) => SecretName().Match(name) is { Success: true } secret
        ? (new ObjectRef("Secret", secret.Groups[1].Value, secret.Groups[2].Value), secret.Groups[3].Success ? "data[ca.crt]" : "data")
        : null;

    private static int Index(string digits) => int.Parse(digits, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^virtual_hosts\[(\d+)\]\.routes\[(\d+)\]")]
    private static partial Regex RoutePath();

    [GeneratedRegex(@"^(HTTPRoute|GRPCRoute)/([^/]+)/([^/]+)/rule/(\d+)/match/(\d+)$")]
    private static partial Regex RouteName();

    [GeneratedRegex(@"^([^/]+)/([^/]+)/(\d+)(?:/(.+))?$")]
    private static partial Regex GatewayName();

    [GeneratedRegex(@"^([^./]+)\.([^./]+)\.svc:(\d+)$")]
    private static partial Regex ProxylessName();

    [GeneratedRegex(@"^([^/]+)/([^/:]+):(\d+)$")]
    private static partial Regex ClusterName();

    [GeneratedRegex(@"^([^/]+)/([^/]+)(/ca)?$")]
    private static partial Regex SecretName();
}
