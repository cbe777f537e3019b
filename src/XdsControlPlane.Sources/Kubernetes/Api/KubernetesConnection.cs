using System.Security.Cryptography.X509Certificates;

namespace XdsControlPlane.Sources.Kubernetes.Api;

/// <summary>Where the API server is and how to authenticate to it, from in-cluster configuration or a kubeconfig.</summary>
/// <param name="Server">The API server's base address.</param>
/// <param name="CertificateAuthorities">Certificates to trust for the server (the cluster CA); empty: the system's roots.</param>
/// <param name="InsecureSkipTlsVerify">Trust any server certificate (kubeconfig <c>insecure-skip-tls-verify</c>).</param>
/// <param name="ClientCertificate">Client certificate with its private key, if the user authenticates with one.</param>
/// <param name="Token">Bearer token, if the user authenticates with one.</param>
/// <param name="Namespace">The namespace of the context or the pod, if known.</param>
internal sealed record KubernetesConnection(
    Uri Server,
    X509Certificate2Collection CertificateAuthorities,
    bool InsecureSkipTlsVerify,
    X509Certificate2? ClientCertificate,
    BearerToken? Token,
    string? Namespace)
{
    /// <summary>
    /// The connection to use when none is named: in-cluster when <c>KUBERNETES_SERVICE_HOST</c> is set, else the
    /// kubeconfig at <c>$KUBECONFIG</c> (its first entry) or <c>~/.kube/config</c>.
    /// </summary>
    /// <param name="kubeconfig">A kubeconfig path given explicitly; wins over everything else.</param>
    public static KubernetesConnection Resolve(string? kubeconfig)
    {
        if (!string.IsNullOrEmpty(kubeconfig))
        {
            return KubeConfig.Load(kubeconfig);
        }

        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST")))
        {
            return InClusterConfig.Load();
        }

        var fromEnvironment = Environment.GetEnvironmentVariable("KUBECONFIG")?.Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        var path = fromEnvironment ?? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
        return KubeConfig.Load(path);
    }
}
