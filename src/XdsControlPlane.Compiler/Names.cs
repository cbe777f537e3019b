using XdsControlPlane.Model;

namespace XdsControlPlane.Compiler;

/// <summary>
/// Resource naming conventions. Every name derives from object identity, never from a counter or a clock,
/// so equal models give equal names.
/// </summary>
internal static class Names
{
    /// <summary>Gateway Envoy listener per port: <c>&lt;ns&gt;/&lt;gateway&gt;/&lt;port&gt;</c> (also its RouteConfiguration's name for HTTP).</summary>
    public static string GatewayListener(GatewayModel gateway, int port) => $"{gateway.Ref.Namespace}/{gateway.Ref.Name}/{port}";

    /// <summary>RouteConfiguration of one HTTPS filter chain: <c>&lt;ns&gt;/&lt;gateway&gt;/&lt;port&gt;/&lt;listener section&gt;</c>.</summary>
    public static string GatewayTlsRoutes(GatewayModel gateway, int port, string section) => $"{GatewayListener(gateway, port)}/{section}";

    /// <summary>Virtual host: <c>&lt;route configuration&gt;/&lt;hostname&gt;</c>.</summary>
    public static string VirtualHost(string routeConfiguration, string hostname) => $"{routeConfiguration}/{hostname}";

    /// <summary>EDS cluster (and its ClusterLoadAssignment) of a Service port: <c>&lt;ns&gt;/&lt;service&gt;:&lt;port&gt;</c>.</summary>
    public static string Cluster(ObjectRef service, int port) => $"{service.Namespace}/{service.Name}:{port}";

    /// <summary>
    /// Weighted-cluster target standing for backendRefs that do not resolve. No cluster of this name is ever emitted
    /// (its name cannot clash: cluster names always contain '/'); Envoy answers requests sent to it with the route's
    /// <c>cluster_not_found_response_code</c>, 500.
    /// </summary>
    public const string InvalidBackendCluster = "invalid-backend";

    /// <summary>Proxyless API listener of a Service port, as a client dials it: <c>&lt;service&gt;.&lt;ns&gt;.svc:&lt;port&gt;</c>.</summary>
    public static string ProxylessListener(ObjectRef service, int port) => $"{service.Name}.{service.Namespace}.svc:{port}";

    /// <summary>SDS secret of a TLS Secret's certificate and key: <c>&lt;ns&gt;/&lt;name&gt;</c>.</summary>
    public static string Secret(ObjectRef secret) => $"{secret.Namespace}/{secret.Name}";

    /// <summary>SDS secret holding a Secret's CA bundle as a validation context: <c>&lt;ns&gt;/&lt;name&gt;/ca</c>.</summary>
    public static string CaSecret(ObjectRef secret) => $"{secret.Namespace}/{secret.Name}/ca";

    /// <summary>Envoy route entry: <c>&lt;kind&gt;/&lt;ns&gt;/&lt;name&gt;/rule/&lt;i&gt;/match/&lt;j&gt;</c>; the default route of a Service is <c>default</c>.</summary>
    public static string Route(ObjectRef route, int rule, int match) => $"{route.Kind}/{route.Namespace}/{route.Name}/rule/{rule}/match/{match}";

    /// <summary>Field path of a rule.</summary>
    public static string RuleField(int rule) => $"spec.rules[{rule}]";

    /// <summary>Field path of a match.</summary>
    public static string MatchField(int rule, int match) => $"spec.rules[{rule}].matches[{match}]";
}
