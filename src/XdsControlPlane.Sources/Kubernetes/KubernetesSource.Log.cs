using Microsoft.Extensions.Logging;

namespace XdsControlPlane.Sources.Kubernetes;

/// <summary>Log messages of <see cref="KubernetesSource"/>.</summary>
public sealed partial class KubernetesSource
{
    [LoggerMessage(1, LogLevel.Information, "Waiting for the initial list of {Informers} informers of {Source}")]
    private partial void LogWaitingForSync(string source, int informers);

    [LoggerMessage(2, LogLevel.Information, "Built model generation {Generation}, content {ContentHash}, {Errors} source errors")]
    private partial void LogBuilt(long generation, string contentHash, int errors);

    [LoggerMessage(3, LogLevel.Error, "A handler of model changes from the cluster threw")]
    private partial void LogHandlerFailed(Exception exception);
}
