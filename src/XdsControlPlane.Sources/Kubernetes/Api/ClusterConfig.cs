using k8s;

namespace XdsControlPlane.Sources.Kubernetes.Api;

/// <summary>
/// Finds the cluster to talk to, in the order Kubernetes controllers use: a kubeconfig named explicitly (that one
/// file), else the files of <c>$KUBECONFIG</c> merged, else the pod's service account
/// (<see cref="KubernetesClientConfiguration.InClusterConfig"/>, whose token file the library reads again every
/// minute, so a token the kubelet rotated is picked up), else <c>~/.kube/config</c>.
/// </summary>
internal static class ClusterConfig
{
    /// <summary>The configuration to use.</summary>
    /// <param name="kubeconfig">A kubeconfig path given explicitly (<c>--kubeconfig</c>); wins over everything else.</param>
    /// <param name="environment">Reads an environment variable (tests pass their own).</param>
    /// <param name="inCluster">Reads the in-cluster configuration (tests pass their own).</param>
    /// <exception cref="InvalidOperationException">Nothing usable was found, or what was found cannot be used; the message says which file and why.</exception>
    public static KubernetesClientConfiguration Resolve(string? kubeconfig, Func<string, string?>? environment = null, Func<KubernetesClientConfiguration>? inCluster = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        inCluster ??= KubernetesClientConfiguration.InClusterConfig;
        if (!string.IsNullOrEmpty(kubeconfig))
        {
            return File.Exists(kubeconfig)
                ? KubeConfigFiles.Load([kubeconfig])!
                : throw new InvalidOperationException($"kubeconfig {kubeconfig} does not exist");
        }

        var list = environment("KUBECONFIG");
        if (!string.IsNullOrEmpty(list) && KubeConfigFiles.Load(list.Split(Path.PathSeparator)) is { } merged)
        {
            return merged;
        }

        if (!string.IsNullOrEmpty(environment("KUBERNETES_SERVICE_HOST")))
        {
            try
            {
                var config = inCluster();
                // The library keeps the namespace file's text as it is, a final newline included.
                config.Namespace = config.Namespace?.Trim();
                return config;
            }
            catch (Exception e) when (e is k8s.Exceptions.KubeConfigException or IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"in-cluster configuration: {e.Message}", e);
            }
        }

        var home = environment("HOME") is { Length: > 0 } dir ? dir : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var path = Path.Combine(home, ".kube", "config");
        return KubeConfigFiles.Load([path]) ?? throw new InvalidOperationException(
            $"no Kubernetes configuration: no --kubeconfig, {(string.IsNullOrEmpty(list) ? "no $KUBECONFIG" : $"none of the $KUBECONFIG files ({list}) exists")}, " +
            $"not in a pod (KUBERNETES_SERVICE_HOST unset) and no {path}");
    }
}
