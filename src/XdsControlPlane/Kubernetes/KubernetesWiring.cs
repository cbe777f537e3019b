using XdsControlPlane.Model;
using XdsControlPlane.Reconcile;
using XdsControlPlane.Rejections;
using XdsControlPlane.Sources;
using XdsControlPlane.Sources.Kubernetes;
using XdsControlPlane.Sources.Kubernetes.Status;

namespace XdsControlPlane.Kubernetes;

/// <summary>
/// Connects the host to a cluster: command-line switches, the Kubernetes source (in place of the manifest
/// directory), and the compiler's statuses handed to the source's status writer after every reconcile.
/// </summary>
internal static class KubernetesWiring
{
    /// <summary>
    /// Turns the flag <c>--kubernetes</c> (no value) into <c>--Kubernetes:Enabled=true</c>; the configuration's
    /// command-line parser would otherwise take the next argument as its value.
    /// </summary>
    public static string[] NormalizeArgs(string[] args)
    {
        var result = new string[args.Length];
        for (var i = 0; i < args.Length; i++)
        {
            // "--kubernetes false" keeps its value.
            var hasValue = i + 1 < args.Length && args[i + 1] is "true" or "false";
            result[i] = args[i] != "--kubernetes" ? args[i] : hasValue ? "--Kubernetes:Enabled" : "--Kubernetes:Enabled=true";
        }

        return result;
    }

    /// <summary>Adds <c>--kubeconfig</c>, <c>--namespaces</c> and <c>--label-selector</c>.</summary>
    public static void AddSwitches(IDictionary<string, string> switches)
    {
        switches["--kubeconfig"] = "Kubernetes:Kubeconfig";
        switches["--namespaces"] = "Kubernetes:Namespaces";
        switches["--label-selector"] = "Kubernetes:LabelSelector";
    }

    /// <summary>The cluster source when <c>Kubernetes:Enabled</c>, else null. Statuses of every reconcile go to its status writer.</summary>
    /// <remarks>
    /// What connected clients reject (<paramref name="rejections"/>) is added to the statuses as the condition of
    /// <see cref="RejectionConditions"/>, and re-reported when it changes between reconciles.
    /// </remarks>
    public static IModelSource? CreateSource(ControlPlaneOptions options, Reconciler reconciler, TimeProvider clock, ILoggerFactory loggers, ClientRejections? rejections = null)
    {
        if (!options.Kubernetes.Enabled)
        {
            return null;
        }

        // One controllerName decides both what is served (the compiler) and what status entries are ours (the writer).
        options.Kubernetes.ControllerName = options.Gateway.ControllerName;
        var source = new KubernetesSource(options.Kubernetes, clock, loggers);
        var gate = new Lock();
        (IReadOnlyList<ObjectStatus> Statuses, IReadOnlyList<ModelError> Errors)? last = null;
        void Report()
        {
            lock (gate)
            {
                if (last is { } l)
                {
                    source.ReportStatus(RejectionConditions.Merge(l.Statuses, rejections?.Current() ?? []), l.Errors);
                }
            }
        }

        reconciler.Applied += (_, result, errors) =>
        {
            lock (gate)
            {
                last = (result.Statuses, errors);
            }

            Report();
        };
        if (rejections is not null)
        {
            rejections.Changed += Report;
        }

        return source;
    }
}
