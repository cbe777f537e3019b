using XdsControlPlane.Sources.Kubernetes;
using XdsControlPlane.Xds.Transport;

namespace XdsControlPlane;

/// <summary>Everything the host reads from configuration (appsettings.json, XDS_ environment variables, command line).</summary>
public sealed class ControlPlaneOptions
{
    /// <summary>The xDS gRPC listener (section <c>Xds</c>).</summary>
    public GrpcServerOptions Xds { get; set; } = new();

    /// <summary>The diagnostics listener (section <c>Admin</c>).</summary>
    public AdminOptions Admin { get; set; } = new();

    /// <summary>The manifest directory (section <c>Manifests</c>).</summary>
    public ManifestOptions Manifests { get; set; } = new();

    /// <summary>Which Gateways this server answers for (section <c>Gateway</c>).</summary>
    public GatewayOptions Gateway { get; set; } = new();

    /// <summary>The Kubernetes API source (section <c>Kubernetes</c>); when enabled it replaces the manifest directory.</summary>
    public KubernetesSourceOptions Kubernetes { get; set; } = new();

    /// <summary>
    /// Directory for state that must survive a restart (the SQLite policy store, the snapshot pin); created at
    /// start-up. Relative paths are taken from the working directory.
    /// </summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>The policy store (section <c>Policies</c>): SQLite, or PostgreSQL shared by replicas.</summary>
    public PolicyOptions Policies { get; set; } = new();

    /// <summary>Log format and levels (section <c>Logging</c>).</summary>
    public LoggingOptions Logging { get; set; } = new();

    /// <summary>How many compiled configurations (and published per-profile snapshots) the history keeps.</summary>
    public int HistoryCapacity { get; set; } = 100;
}

/// <summary>Gateway API ownership: which GatewayClasses (and so which Gateways) are this server's.</summary>
public sealed class GatewayOptions
{
    /// <summary>
    /// The GatewayClass <c>spec.controllerName</c> this server answers for: only Gateways whose class names it are
    /// served and get status; it is also the <c>controllerName</c> of the route status entries written.
    /// </summary>
    public string ControllerName { get; set; } = Compiler.CompileOptions.DefaultControllerName;
}

/// <summary>The diagnostics (REST) listener.</summary>
public sealed class AdminOptions
{
    /// <summary>Bind address; loopback by default.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>TCP port.</summary>
    public int Port { get; set; } = 18080;

    /// <summary>
    /// Optional bearer token. When set, every <c>/api/</c> request must carry <c>Authorization: Bearer &lt;token&gt;</c>
    /// (pin, unpin and policy changes included); <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c> stay open.
    /// It is the write token: it allows everything.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>
    /// Optional read-only bearer token (needs <see cref="Token"/>): it allows GET and HEAD under <c>/api/</c>
    /// (dashboards, <c>status</c>), and a change made with it is refused with 403.
    /// </summary>
    public string? ReadToken { get; set; }

    /// <summary>
    /// Host names (the <c>Host</c> header without its port) the admin port answers; others get 421 (against DNS
    /// rebinding). Empty: <c>localhost</c>, <c>127.0.0.1</c>, <c>[::1]</c> and the bound <see cref="Address"/>; when
    /// bound to a wildcard address (<c>0.0.0.0</c>, <c>::</c>) also any IP literal (probes and scrapers use the pod IP;
    /// a rebinding attack needs a DNS name). Add a Service's DNS name here to reach the API by name; <c>*</c> allows any.
    /// </summary>
    public string[] AllowedHosts { get; set; } = [];

    /// <summary>
    /// Browser origins (<c>https://ops.example.com</c>) allowed to send changes besides the server's own origin, when
    /// no token is set. Empty by default.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];
}

/// <summary>Where manifests come from when there is no cluster.</summary>
public sealed class ManifestOptions
{
    /// <summary>
    /// Directory of Kubernetes-style YAML/JSON manifests, read recursively and watched. When unset, the bundled
    /// <c>samples/quickstart/manifests</c> is used if it exists under the working directory (the embedded default).
    /// </summary>
    public string? Directory { get; set; }

    /// <summary>Reload once files have been quiet this long.</summary>
    public TimeSpan QuietPeriod { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Reload at the latest this long after the first change of a burst.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(1);
}
