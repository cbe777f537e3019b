namespace XdsControlPlane.Sources.Kubernetes;

/// <summary>How the Kubernetes source connects, what it watches, how it debounces, and how it writes status.</summary>
public sealed class KubernetesSourceOptions
{
    /// <summary>Read the cluster instead of a manifest directory.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// A kubeconfig file. When unset: in-cluster configuration if <c>KUBERNETES_SERVICE_HOST</c> is set, else
    /// <c>$KUBECONFIG</c> or <c>~/.kube/config</c>.
    /// </summary>
    public string? Kubeconfig { get; set; }

    /// <summary>Comma-separated namespaces to watch; empty or unset: all namespaces.</summary>
    public string? Namespaces { get; set; }

    /// <summary>Label selector for Gateways, routes and policies (<c>team=edge</c>); Services, EndpointSlices and Secrets are not filtered (routes refer to them).</summary>
    public string? LabelSelector { get; set; }

    /// <summary>Rebuild once events have been quiet this long.</summary>
    public TimeSpan QuietPeriod { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Rebuild at the latest this long after the first event of a burst.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Objects per list page.</summary>
    public int PageSize { get; set; } = 500;

    /// <summary>First retry delay after a failed list or watch (doubles per failure, with jitter).</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest retry delay.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Write Gateway and route status (by the elected leader only).</summary>
    public bool WriteStatus { get; set; } = true;

    /// <summary>Namespace of the leader election Lease; unset: the pod's namespace (service account), else <c>default</c>.</summary>
    public string? LeaseNamespace { get; set; }

    /// <summary>Name of the leader election Lease.</summary>
    public string LeaseName { get; set; } = "xds-control-plane";

    /// <summary>This replica's identity in the Lease; unset: <c>POD_NAME</c>, else host name and process id.</summary>
    public string? Identity { get; set; }

    /// <summary>How long a leader that stops renewing keeps the Lease.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the leader renews, and others try to take over.</summary>
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The controllerName of our GatewayClasses and of the route status entries written (entries of other controllers
    /// are kept). The host sets it from <c>Gateway:ControllerName</c>, which also decides what the compiler serves.
    /// </summary>
    public string ControllerName { get; set; } = "xds.controlplane.io/gateway-controller";

    /// <summary>The namespaces as a list (empty: all).</summary>
    public IReadOnlyList<string> NamespaceList() =>
        (Namespaces ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The identity to use: <see cref="Identity"/>, <c>POD_NAME</c>, or host name and process id.</summary>
    public string ResolveIdentity() =>
        Identity is { Length: > 0 } identity ? identity
        : Environment.GetEnvironmentVariable("POD_NAME") is { Length: > 0 } pod ? pod
        : $"{Environment.MachineName}-{Environment.ProcessId}";
}
