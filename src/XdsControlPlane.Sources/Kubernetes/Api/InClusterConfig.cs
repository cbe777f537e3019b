using System.Security.Cryptography.X509Certificates;

namespace XdsControlPlane.Sources.Kubernetes.Api;

/// <summary>
/// The configuration every pod gets: <c>KUBERNETES_SERVICE_HOST</c>/<c>KUBERNETES_SERVICE_PORT</c>, and the service
/// account's token, CA and namespace mounted under <c>/var/run/secrets/kubernetes.io/serviceaccount</c>.
/// </summary>
internal static class InClusterConfig
{
    /// <summary>Where Kubernetes mounts the service account.</summary>
    public const string DefaultDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>Reads the configuration from the environment and <paramref name="directory"/>.</summary>
    /// <exception cref="InvalidOperationException">Not running in a pod (variables or token missing).</exception>
    public static KubernetesConnection Load(string directory = DefaultDirectory, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var host = environment("KUBERNETES_SERVICE_HOST");
        var port = environment("KUBERNETES_SERVICE_PORT");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port))
        {
            throw new InvalidOperationException("in-cluster configuration needs KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT (is this running in a pod?); pass --kubeconfig PATH otherwise");
        }

        var tokenPath = Path.Combine(directory, "token");
        if (!File.Exists(tokenPath))
        {
            throw new InvalidOperationException($"in-cluster configuration: no service account token at {tokenPath} (automountServiceAccountToken disabled?)");
        }

        var authorities = new X509Certificate2Collection();
        var caPath = Path.Combine(directory, "ca.crt");
        if (File.Exists(caPath))
        {
            authorities.ImportFromPemFile(caPath);
        }

        var nsPath = Path.Combine(directory, "namespace");
        var ns = File.Exists(nsPath) ? File.ReadAllText(nsPath).Trim() : null;

        // An IPv6 service address needs brackets in a URI.
        var authority = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{port}" : $"{host}:{port}";
        return new KubernetesConnection(new Uri($"https://{authority}"), authorities, false, null, BearerToken.FromFile(tokenPath), ns);
    }
}
